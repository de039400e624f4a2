import {
  type Catalog,
  type Course,
  createCatalog,
  type Lesson,
  type Province,
} from '../../bot/content/catalog';

const l = (vi: string, en = vi) => ({ vi, en });

function lesson(courseId: string, n: number): Lesson {
  const id = `lesson-${n}`;
  return {
    id,
    courseId,
    title: l(`Bài số ${n}`, `Lesson ${n}`),
    sources: [{ title: 'Nguồn', url: 'https://example.gov.vn', checked: '2026-01-01' }],
    cards: [
      l(`Thẻ 1 của bài ${n}`, `Card 1 of lesson ${n}`),
      l(`Thẻ 2 của bài ${n}`, `Card 2 of lesson ${n}`),
    ],
    questions: [
      {
        id: 'q1',
        key: `${courseId}/${id}/q1`,
        kind: 'single',
        prompt: l('Mật khẩu nào mạnh nhất?', 'Which password is strongest?'),
        options: [
          { text: l('123456'), correct: false, explanation: l('Quá dễ đoán.', 'Too easy to guess.') },
          {
            text: l('Ngày sinh của bạn', 'Your birthday'),
            correct: false,
            explanation: l('Ai cũng biết.', 'Everyone knows it.'),
          },
          {
            text: l('Một câu dài có số và chữ', 'A long sentence with numbers'),
            correct: true,
            explanation: l('Dài và khó đoán.', 'Long and hard to guess.'),
          },
        ],
      },
      {
        id: 'q2',
        key: `${courseId}/${id}/q2`,
        kind: 'truefalse',
        prompt: l('Công an có thể gọi điện xin mã OTP của bạn.', 'The police may call to ask for your OTP.'),
        options: [
          {
            text: l('Đúng', 'True'),
            correct: false,
            explanation: l('Công an không bao giờ xin OTP.', 'Police never ask for OTPs.'),
          },
          {
            text: l('Sai', 'False'),
            correct: true,
            explanation: l('Công an không bao giờ xin OTP.', 'Police never ask for OTPs.'),
          },
        ],
      },
      {
        id: 'q3',
        key: `${courseId}/${id}/q3`,
        kind: 'single',
        prompt: l('Nên cài ứng dụng từ đâu?', 'Where should you install apps from?'),
        options: [
          {
            text: l('Đường link lạ gửi qua tin nhắn', 'A link sent by a stranger'),
            correct: false,
            explanation: l('Dễ bị cài mã độc.', 'Could be malware.'),
          },
          {
            text: l('Cửa hàng ứng dụng chính thức', 'The official app store'),
            correct: true,
            explanation: l('An toàn hơn.', 'Safer.'),
          },
          {
            text: l('Trang web quảng cáo', 'An advertising website'),
            correct: false,
            explanation: l('Không an toàn.', 'Not safe.'),
          },
        ],
      },
    ],
  };
}

function course(id: string, order: number, lessons = 5): Course {
  return {
    id,
    order,
    title: l(`Khóa ${order}`, `Course ${order}`),
    summary: l('Tóm tắt', 'Summary'),
    audiences: ['citizen', 'elder'],
    lessons: Array.from({ length: lessons }, (_, i) => lesson(id, i + 1)),
  };
}

export const sampleProvinces: Province[] = [
  { code: 'ha-noi', name: 'Hà Nội', city: true, aliases: ['hn'], formerly: [] },
  { code: 'ninh-binh', name: 'Ninh Bình', city: false, aliases: [], formerly: ['Hà Nam', 'Nam Định'] },
  { code: 'nghe-an', name: 'Nghệ An', city: false, aliases: [], formerly: [] },
  {
    code: 'ho-chi-minh',
    name: 'TP. Hồ Chí Minh',
    city: true,
    aliases: ['Hồ Chí Minh', 'hcm', 'tphcm', 'sai gon'],
    formerly: ['Bình Dương'],
  },
];

/** A small, fixed catalog for engine tests: two courses of five lessons, three questions each. */
export function sampleCatalog(): Catalog {
  return createCatalog([course('course-a', 1), course('course-b', 2)], sampleProvinces);
}
