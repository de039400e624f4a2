import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../bot/tutor-ai/personal-data';
import { personalDataWarning } from '../../bot/tutor-ai/personal-data-warning';

const masked = (text: string) => maskPersonalData(text);

describe('maskPersonalData', () => {
  it.each([
    ['mã OTP của tôi là 482913, có người hỏi', '482913'],
    ['ma otp 482913 co nguoi hoi', '482913'],
    ['Mã xác nhận: 058231 họ bảo đọc cho họ', '058231'],
    ['ngân hàng gửi mã 7391 về máy', '7391'],
    ['OTP=991245', '991245'],
    ['My verification code is 123987, someone called asking for it', '123987'],
    ['lỡ đọc mã 5 8 2 9 1 0 cho nó rồi', '5 8 2 9 1 0'],
    ['code G-482913 la gi', 'G-482913'],
  ])('masks the OTP in %j', (text, secret) => {
    const result = masked(text);
    expect(result.found).toContain('otp');
    expect(result.text).not.toContain(secret);
    expect(result.text).toContain('[OTP]');
  });

  it.each([
    ['mật khẩu của tôi là Hoa@1950 có mạnh không', 'Hoa@1950'],
    ['mat khau la abc12345', 'abc12345'],
    ['mk: matkhaucuatoi', 'matkhaucuatoi'],
    ['mật khẩu wifi nhà tôi là abc12345', 'abc12345'],
    ['passcode vneid 246810 có dễ đoán không', '246810'],
    ['mã PIN thẻ ATM là 1357', '1357'],
    ['password is hunter2', 'hunter2'],
    ['Is 123456 a good password?', '123456'],
    ['tôi đặt pass là Minh_2024! được chưa', 'Minh_2024!'],
  ])('masks the password or PIN in %j', (text, secret) => {
    const result = masked(text);
    expect(result.found).toContain('password');
    expect(result.text).not.toContain(secret);
  });

  it.each([
    ['số căn cước 001203012345 của tôi', 'id-number', '001203012345'],
    ['cccd: 0012 0301 2345', 'id-number', '0012 0301 2345'],
    ['CMND cũ 125678901', 'id-number', '125678901'],
    ['the visa 4111 1111 1111 1111 het han', 'card-number', '4111 1111 1111 1111'],
    ['card 5500-0000-0000-0004', 'card-number', '5500-0000-0000-0004'],
    ['stk 0071000123456 vietcombank', 'account-number', '0071000123456'],
    ['số tài khoản 19031234567018 techcombank', 'account-number', '19031234567018'],
    ['chuyển vào tk 123456789 giúp', 'account-number', '123456789'],
    ['tai khoan 1234567 bi khoa', 'account-number', '1234567'],
    ['họ gọi từ số 0912 345 678', 'phone', '0912 345 678'],
    ['sdt 0912.345.678', 'phone', '0912.345.678'],
    ['số +84 912 345 678 gọi tôi', 'phone', '+84 912 345 678'],
    ['84987654321 nhắn tin', 'phone', '84987654321'],
    ['goi 0388123456 bao trung thuong', 'phone', '0388123456'],
    ['máy bàn 024 3825 1234', 'phone', '024 3825 1234'],
    ['email lan.nguyen@gmail.com bị hack', 'email', 'lan.nguyen@gmail.com'],
  ])('masks %j as %s', (text, kind, secret) => {
    const result = masked(text);
    expect(result.found).toContain(kind);
    expect(result.text).not.toContain(secret);
  });

  it.each([
    'quên mật khẩu VNeID thì sao',
    'mật khẩu là gì',
    'đặt mật khẩu mạnh như thế nào',
    'chuyển 22.000 đồng phí có sao không',
    'mất 129 triệu đồng rồi',
    'chuyển 500000 đ cho con',
    'gọi 156 hoặc nhắn 5656',
    'tổng đài 1900 1234 có phải của ngân hàng',
    'Ngày 26/3/2025 phát động phong trào',
    'từ năm 2025 mã OTP có khác không',
    'tôi 75 tuổi, dùng 4G được không',
    'vào dichvucong.gov.vn có an toàn không',
    'passcode có 6 chữ số đúng không',
    'làm sao để bật wifi',
  ])('leaves %j alone', (text) => {
    expect(masked(text)).toEqual({ text, found: [] });
  });

  it('masks several kinds at once and lists each once', () => {
    const result = masked('otp 123456, stk 0071000123456, otp 654321, goi 0912345678');
    expect(result.found).toEqual(['otp', 'account-number', 'phone']);
    expect(result.text).toBe('otp [OTP], stk [ACCOUNT NUMBER], otp [OTP], goi [PHONE]');
  });

  it('reads decomposed Vietnamese (NFD) like composed', () => {
    const result = masked('mật khẩu là Abc@12345'.normalize('NFD'));
    expect(result.found).toEqual(['password']);
  });
});

describe('personalDataWarning', () => {
  it('warns kindly, in the learner language, that someone asking for an OTP is a scammer', () => {
    const vi = personalDataWarning(['otp'], 'vi')!;
    expect(vi).toContain('mã OTP');
    expect(vi).toContain('kẻ gian');
    const en = personalDataWarning(['otp', 'account-number'], 'en')!;
    expect(en).toContain('an OTP code and an account number');
    expect(en).toContain('scammer');
  });

  it('is gentle for a phone number alone and silent when nothing was found', () => {
    expect(personalDataWarning(['phone'], 'vi')).toMatch(/che số điện thoại/);
    expect(personalDataWarning(['phone'], 'vi')).not.toMatch(/kẻ gian/);
    expect(personalDataWarning([], 'en')).toBeUndefined();
  });
});
