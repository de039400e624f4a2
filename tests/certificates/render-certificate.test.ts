import { openSync } from 'fontkit';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { newCode } from '../../bot/certificates/certificate-store';
import {
  CERTIFICATE_FONTS,
  CERTIFICATE_SIZE,
  certificateSvg,
  renderCertificatePng,
} from '../../bot/certificates/render-certificate';

/** Every letter of Vietnamese, upper and lower case: the 12 vowels with each of the 5 tones, đ and the consonants. */
function vietnameseLetters(): string[] {
  const vowels = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
  const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
  const lower = [
    ...vowels.flatMap((vowel) => tones.map((tone) => (vowel + tone).normalize('NFC'))),
    ...'bcdđghklmnpqrstvx',
  ];
  return [...lower, ...lower.map((letter) => letter.toUpperCase())];
}

describe('certificate image', () => {
  it('the shipped fonts cover every Vietnamese letter (one code point each, no fallback)', () => {
    const letters = vietnameseLetters();
    expect(letters).toHaveLength(2 * (72 + 17));
    for (const path of CERTIFICATE_FONTS) {
      const font = openSync(path);
      const missing = letters.filter((letter) => {
        expect([...letter]).toHaveLength(1);
        return !font.hasGlyphForCodePoint(letter.codePointAt(0)!);
      });
      expect(missing, `${font.familyName} lacks ${missing.join(' ')}`).toEqual([]);
    }
  });

  it('renders a PNG of the right size that decodes, with the name drawn (not blank)', async () => {
    const png = await renderCertificatePng({
      name: 'Nguyễn Thị Hoa Ỹ Đặng',
      course: 'Dùng điện thoại thông minh an toàn',
      date: '05/12/2026',
      verifyUrl: 'https://hocvuso.vn/verify/abc',
    });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const image = PNG.sync.read(png);
    expect([image.width, image.height]).toEqual([CERTIFICATE_SIZE.width, CERTIFICATE_SIZE.height]);
    // The name's band (around y = 445) holds dark-blue text pixels.
    let inked = 0;
    for (let y = 400; y < 460; y++)
      for (let x = 100; x < 1100; x++) {
        const i = (y * image.width + x) * 4;
        if (image.data[i]! < 100 && image.data[i + 2]! > 100) inked++;
      }
    expect(inked).toBeGreaterThan(2000);
  });

  it('escapes what the learner typed into the SVG', () => {
    const svg = certificateSvg({ name: 'A <b>&"', course: 'C', date: 'D', verifyUrl: 'U' });
    expect(svg).toContain('A &lt;b&gt;&amp;&quot;');
  });

  it('codes are 26 characters of base32, all different', () => {
    const codes = Array.from({ length: 2000 }, newCode);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{26}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
