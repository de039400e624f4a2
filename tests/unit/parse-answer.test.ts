import { describe, expect, it } from 'vitest';
import { isOutOfRange, parseChoice, parseYesNo } from '../../bot/engine/parse-answer';

const options = ['Cửa hàng ứng dụng chính thức', 'Đường link lạ gửi qua tin nhắn', 'Trang web quảng cáo'];

describe('parseChoice: the ways people type an answer', () => {
  it.each([
    ['1', [1]],
    [' 2 ', [2]],
    ['3.', [3]],
    ['2)', [2]],
    ['(2)', [2]],
    ['b', [2]],
    ['B', [2]],
    ['C.', [3]],
    ['đáp án 2', [2]],
    ['dap an b', [2]],
    ['Chọn số 3', [3]],
    ['câu a', [1]],
    ['hai', [2]],
    ['ba', [3]],
    ['Cửa hàng ứng dụng chính thức', [1]],
    ['cua hang ung dung chinh thuc', [1]],
    ['CUA HANG UNG DUNG CHINH THUC', [1]],
    ['  cửa   hàng  ứng dụng chính thức  ', [1]],
    ['trang web', [3]],
    ['link la', [2]],
    ['cua hang ung dung chinh thuk', [1]],
    ['Trang web quảng cáo!', [3]],
    ['web', [3]],
    ['1 ạ', [1]],
    ['b nhé', [2]],
    ['chọn 2 nha bạn', [2]],
    ['Một ạ', [1]],
    ['１', [1]],
    ['lựa chọn một', [1]],
    ['Đáp án: B', [2]],
  ])('%j → %j', (input, expected) => {
    expect(parseChoice(input, options)).toEqual(expected);
  });

  it.each(['', '   ', '4', '0', 'z', '😀😀', 'tôi không biết', '<script>alert(1)</script>', 'ng'])(
    '%j is not an answer',
    (input) => {
      expect(parseChoice(input, options)).toBeUndefined();
    },
  );

  it('reads several answers for a multi-select question', () => {
    expect(parseChoice('1, 3', options, true)).toEqual([1, 3]);
    expect(parseChoice('3 và 1', options, true)).toEqual([1, 3]);
    expect(parseChoice('a c', options, true)).toEqual([1, 3]);
    expect(parseChoice('1, 7', options, true)).toBeUndefined();
  });

  it('flags numbers outside the options so the hint can say how many there are', () => {
    expect(isOutOfRange('5', 3)).toBe(true);
    expect(isOutOfRange('0', 3)).toBe(true);
    expect(isOutOfRange('e', 3)).toBe(true);
    expect(isOutOfRange('2', 3)).toBe(false);
    expect(isOutOfRange('xin chao', 3)).toBe(false);
  });
});

describe('parseYesNo', () => {
  it.each([
    'có',
    'co',
    'Có ạ',
    'đúng',
    'dung',
    'Đúng rồi',
    'vâng',
    'dạ',
    'ok',
    'yes',
    'ừ',
    'phải',
    'đồng ý',
    'true',
  ])('%j means yes', (input) => expect(parseYesNo(input)).toBe(true));
  it.each([
    'không',
    'khong',
    'ko',
    'k',
    'KG',
    'sai',
    'Sai rồi',
    'không đúng',
    'khong dung',
    'chưa',
    'no',
    'false',
    'không đồng ý',
  ])('%j means no', (input) => expect(parseYesNo(input)).toBe(false));
  it.each(['', 'có thể', 'hmm', '1', '🙂'])('%j is neither', (input) =>
    expect(parseYesNo(input)).toBeUndefined(),
  );
});
