import { describe, expect, it } from 'vitest';
import { loadProvinces } from '../../bot/content/load-provinces';
import { parseProvince } from '../../bot/engine/parse-province';

const { provinces } = await loadProvinces(new URL('../../content/provinces.yaml', import.meta.url).pathname);

describe('the province list', () => {
  it('has the 34 provincial units in force since 1 July 2025', () => {
    expect(provinces).toHaveLength(34);
    expect(
      provinces
        .filter((p) => p.city)
        .map((p) => p.code)
        .sort(),
    ).toEqual(['can-tho', 'da-nang', 'ha-noi', 'hai-phong', 'ho-chi-minh', 'hue'].sort());
  });
});

describe('parseProvince', () => {
  const code = (text: string) => {
    const match = parseProvince(text, provinces);
    return match === 'skip' ? 'skip' : match?.province.code;
  };

  it.each([
    ['Nghệ An', 'nghe-an'],
    ['nghe an', 'nghe-an'],
    ['NGHE AN', 'nghe-an'],
    ['tỉnh Nghệ An', 'nghe-an'],
    ['Hà Nội', 'ha-noi'],
    ['ha noi', 'ha-noi'],
    ['hn', 'ha-noi'],
    ['tphcm', 'ho-chi-minh'],
    ['TP HCM', 'ho-chi-minh'],
    ['TP. Hồ Chí Minh', 'ho-chi-minh'],
    ['sai gon', 'ho-chi-minh'],
    ['thanh pho ho chi minh', 'ho-chi-minh'],
    ['Đắk Lắk', 'dak-lak'],
    ['dak lak', 'dak-lak'],
    ['Thừa Thiên Huế', 'hue'],
    ['Nam Định', 'ninh-binh'],
    ['nam dinh', 'ninh-binh'],
    ['Bình Dương', 'ho-chi-minh'],
    ['Kiên Giang', 'an-giang'],
    ['Quảng Nam', 'da-nang'],
    ['Hà Giang', 'tuyen-quang'],
    ['nghe an.', 'nghe-an'],
    ['ngh an', 'nghe-an'],
    ['0', 'skip'],
    ['bỏ qua', 'skip'],
    ['1', 'an-giang'],
  ])('%j → %s', (input, expected) => {
    expect(code(input)).toBe(expected);
  });

  it('says which unit an old province now belongs to', () => {
    expect(parseProvince('Nam Định', provinces)).toMatchObject({
      province: { code: 'ninh-binh' },
      formerName: 'Nam Định',
    });
    expect(parseProvince('Ninh Bình', provinces)).toEqual({
      province: expect.objectContaining({ code: 'ninh-binh' }),
    });
  });

  it.each(['Paris', '99', 'x', '😀', 'quang'])('%j matches nothing', (input) => {
    expect(parseProvince(input, provinces)).toBeUndefined();
  });
});
