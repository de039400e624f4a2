import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** Be Vietnam Pro (OFL), designed for Vietnamese, shipped as TTF in an npm package: nothing downloaded. */
export const CERTIFICATE_FONTS = [
  require.resolve('@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf'),
  require.resolve('@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf'),
];

export const CERTIFICATE_SIZE = { width: 1200, height: 850 };

export interface CertificateImage {
  name: string;
  course: string;
  /** The issue date as it should read ("05/12/2026"). */
  date: string;
  verifyUrl: string;
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** A long name or course title gets a smaller size so it still fits the width. */
function sizeFor(text: string, size: number, perLine: number): number {
  const length = [...text].length;
  return length <= perLine ? size : Math.max(22, Math.floor((size * perLine) / length));
}

/** The certificate as SVG (the PNG's source; the verification page shows the same facts as text). */
export function certificateSvg(c: CertificateImage): string {
  const { width: w, height: h } = CERTIFICATE_SIZE;
  const text = (y: number, size: number, body: string, extra = '') =>
    `<text x="${w / 2}" y="${y}" font-size="${size}" text-anchor="middle" ${extra}>${escapeXml(body)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"
  font-family="Be Vietnam Pro" fill="#1b2a41">
  <rect width="${w}" height="${h}" fill="#fffdf6"/>
  <rect x="28" y="28" width="${w - 56}" height="${h - 56}" fill="none" stroke="#b8860b" stroke-width="6"/>
  <rect x="44" y="44" width="${w - 88}" height="${h - 88}" fill="none" stroke="#d4af37" stroke-width="2"/>
  ${text(150, 30, 'BÌNH DÂN HỌC VỤ SỐ', 'font-weight="700" fill="#b22222" letter-spacing="4"')}
  ${text(235, 62, 'GIẤY CHỨNG NHẬN', 'font-weight="700"')}
  ${text(280, 26, 'Certificate of completion', 'fill="#5a6472"')}
  ${text(360, 30, 'Chứng nhận học viên')}
  ${text(445, sizeFor(c.name, 64, 26), c.name, 'font-weight="700" fill="#0b3d91"')}
  ${text(520, 30, 'đã hoàn thành khóa học')}
  ${text(590, sizeFor(c.course, 40, 44), c.course, 'font-weight="700"')}
  ${text(670, 26, `Ngày cấp: ${c.date}`)}
  ${text(760, 20, `Kiểm tra tại: ${c.verifyUrl}`, 'fill="#5a6472"')}
</svg>`;
}

/**
 * Rendered on the server with the shipped fonts only (no system fonts: the same image everywhere).
 * The native renderer is loaded on first use, not at every start.
 */
export async function renderCertificatePng(c: CertificateImage): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(certificateSvg(c), {
    font: { fontFiles: CERTIFICATE_FONTS, loadSystemFonts: false, defaultFontFamily: 'Be Vietnam Pro' },
    fitTo: { mode: 'original' },
  });
  return resvg.render().asPng();
}
