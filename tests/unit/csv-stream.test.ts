import { describe, expect, it } from 'vitest';
import { csvStream } from '../../bot/stats/csv';

describe('CSV stream', () => {
  it('pulls rows only as fast as the reader reads (backpressure), so memory stays flat', async () => {
    let pulled = 0;
    async function* rows() {
      for (let i = 0; i < 1_000_000; i++) {
        pulled++;
        yield [`learner-${i}`, 'zalo', 'Hà Nội', i % 7];
      }
    }
    const stream = csvStream(['learner', 'platform', 'province', 'lessons'], rows());
    const first = await new Promise<Buffer>((resolve) => stream.once('data', resolve));
    stream.pause();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(first.toString('utf8').startsWith('\uFEFFlearner,platform,province,lessons\r\n')).toBe(true);
    // A few 64 KB batches ahead of the reader at most, not the million rows.
    expect(pulled).toBeLessThan(20_000);
    let bytes = 0;
    let lines = 0;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      lines += chunk.toString('utf8').split('\r\n').length - 1;
    });
    stream.resume();
    await new Promise((resolve) => stream.once('end', resolve));
    expect(pulled).toBe(1_000_000);
    expect(lines).toBe(1_000_000);
    expect(bytes).toBeGreaterThan(20_000_000);
  });
});
