import { describe, expect, it } from 'vitest';
import { splitText } from '../../bot/channels/core/split-text';

const sentence = (n: number) => `Câu số ${n} nói về an toàn trên mạng và cách giữ mật khẩu.`;

describe('splitText', () => {
  it('leaves text within the limit whole (trimmed)', () => {
    expect(splitText('  Xin chào!  ', 2000)).toEqual(['Xin chào!']);
    expect(splitText('   ', 2000)).toEqual([]);
  });

  it('never exceeds the limit and loses no words', () => {
    const text = Array.from({ length: 120 }, (_, i) => sentence(i)).join(' ');
    const chunks = splitText(text, 2000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(2000);
    expect(chunks.join(' ').split(/\s+/)).toEqual(text.split(/\s+/));
  });

  it('cuts at the end of a sentence, not inside one', () => {
    const text = Array.from({ length: 120 }, (_, i) => sentence(i)).join(' ');
    for (const chunk of splitText(text, 500)) {
      expect(chunk).toMatch(/^Câu số \d+/);
      expect(chunk.endsWith('mật khẩu.')).toBe(true);
    }
  });

  it('prefers a paragraph break when one is near the limit', () => {
    const first = 'a'.repeat(1200);
    const second = `${'Bé ngoan. '.repeat(100)}`.trim();
    expect(splitText(`${first}\n\n${second}`, 2000)[0]).toBe(first);
  });

  it('does not cut after the number of a list item', () => {
    const text = `${'x '.repeat(995)}\n1. Lựa chọn một`;
    const chunks = splitText(text, 1995);
    expect(chunks.every((chunk) => !chunk.endsWith('1.'))).toBe(true);
  });

  it('cuts between words when a sentence is longer than the limit', () => {
    const text = 'từ '.repeat(1000).trim();
    const chunks = splitText(text, 2000);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(2000);
      expect(chunk.split(' ').every((word) => word === 'từ')).toBe(true);
    }
  });

  it('hard-cuts a single overlong word without breaking an emoji in half', () => {
    const text = `${'a'.repeat(1999)}😀${'b'.repeat(10)}`;
    const chunks = splitText(text, 2000);
    expect(chunks[0]).toBe('a'.repeat(1999));
    expect(chunks[1]).toBe(`😀${'b'.repeat(10)}`);
    expect(chunks.join('')).toBe(text);
  });
});
