import type { Messages } from './messages';

export const vi: Messages = {
  greeting: (name) =>
    `Xin chào${name ? ` ${name}` : ''}! 👋 Mình là trợ lý học tập của phong trào “Bình dân học vụ số”. ` +
    'Mỗi bài học chỉ vài phút, có câu hỏi nhỏ để bạn nhớ lâu.\n(English: type /language)',
  consent:
    'Để nhớ bạn đã học đến đâu, mình cần lưu: tên hiển thị, tỉnh/thành, nhóm người học và kết quả câu hỏi. ' +
    'Dữ liệu chỉ dùng cho việc học và thống kê chung của phong trào, không bán hay chia sẻ. ' +
    'Bạn có thể xóa bất cứ lúc nào bằng lệnh /delete.\n\nBạn có đồng ý không?',
  consentYes: 'Đồng ý',
  consentNo: 'Không đồng ý',
  consentDeclined: 'Không sao ạ. Mình không lưu gì về bạn. Khi nào muốn học, bạn gõ /start nhé.',
  consentHint: 'Bạn gõ 1 nếu đồng ý, 2 nếu không đồng ý nhé.',
  languageQuestion: 'Bạn muốn học bằng ngôn ngữ nào? / Which language would you like?',
  languageSet: 'Đã chọn tiếng Việt.',
  languageHint: 'Gõ 1 để học tiếng Việt, 2 for English.',
  provinceQuestion:
    'Bạn đang sống ở tỉnh/thành nào? Gõ tên (ví dụ: Nghệ An) hoặc số trong danh sách. Gõ 0 để bỏ qua.',
  provinceSkip: 'Bỏ qua',
  provinceNotFound: (text) =>
    `Mình chưa tìm thấy “${text}”. Bạn gõ lại tên tỉnh/thành (ví dụ: Hà Nội, Cần Thơ) hoặc số trong danh sách. Gõ 0 để bỏ qua.`,
  provinceMerged: (old, now) => `${old} nay thuộc ${now} (từ 1/7/2025).`,
  audienceQuestion: 'Bạn thuộc nhóm nào dưới đây?',
  audiences: {
    citizen: 'Người dân',
    elder: 'Người cao tuổi',
    student: 'Học sinh, sinh viên',
    civil_servant: 'Cán bộ, công chức, viên chức',
    worker: 'Công nhân, người lao động',
    volunteer: 'Tình nguyện viên',
  },
  audienceHint: 'Bạn gõ số từ 1 đến 6 để chọn nhóm nhé.',
  onboardingDone: 'Cảm ơn bạn! Giờ mình bắt đầu học nhé. 📚',
  menuTitle: '📚 Các khóa học. Bạn chọn khóa muốn học (gõ số của khóa):',
  menuResume: (lesson) => `▶️ Học tiếp: ${lesson}`,
  menuHint: (count) => `Bạn gõ số từ 1 đến ${count} để chọn khóa học nhé.`,
  courseLabel: (title, done, total) =>
    done === total ? `✅ ${title}` : done > 0 ? `${title} (${done}/${total})` : title,
  courseDone: (title) => `Bạn đã học xong khóa “${title}”. Mình mở lại từ bài đầu để bạn ôn nhé.`,
  cardHeader: (lessonNo, lessonCount, title, card, cards) =>
    `📖 Bài ${lessonNo}/${lessonCount}: ${title} (${card}/${cards})`,
  next: 'Tiếp tục ➡️',
  startQuiz: 'Làm câu hỏi ✍️',
  cardHint: 'Bạn gõ 1 (hoặc “tiếp”) để đọc tiếp nhé. Gõ /menu để về danh sách khóa học.',
  tryDone: 'Làm được rồi',
  tryHelp: 'Cần giúp',
  tryLead: '👉 Thử ngay:',
  tryPraise: '👍 Tốt lắm!',
  tryHint: 'Không sao, bạn cứ thong thả thử nhé. Xong thì bấm “Làm được rồi”, thấy khó thì bấm “Cần giúp”.',
  tryAfterHelp: (onward) => `Khi sẵn sàng, bạn bấm “${onward}” (hoặc gõ 1) để học tiếp nhé.`,
  tryStillStuck: (onward) =>
    `Không sao đâu. Bạn có thể nhờ người thân hoặc tình nguyện viên xem giúp sau. Bấm “${onward}” để học tiếp nhé.`,
  tryMedia: 'Cảm ơn bạn! Mình chỉ đọc được chữ, bạn không cần gửi ảnh.',
  questionHeader: (n, total, retry) => (retry ? `🔁 Ôn lại câu ${n}/${total}` : `❓ Câu ${n}/${total}`),
  trueFalseLead: 'Ý sau đây đúng hay sai?',
  multiHint: 'Có thể chọn nhiều đáp án: gõ các số, ví dụ 1, 3.',
  answerHint: (count) => `Mình chưa hiểu câu trả lời. Bạn gõ số từ 1 đến ${count} (hoặc chữ A, B…) nhé.`,
  answerOutOfRange: (count) => `Câu này chỉ có ${count} lựa chọn. Bạn gõ số từ 1 đến ${count} nhé.`,
  mediaDuringQuiz: 'Mình chỉ đọc được chữ thôi. Bạn gõ số của đáp án nhé.',
  correct: '✅ Chính xác!',
  wrong: '❌ Chưa đúng.',
  reason: (text) => `Lý do: ${text}`,
  statementIs: (label) => `Câu này ${label}.`,
  rightAnswer: (label) => `Đáp án đúng: ${label}`,
  retryIntro: (count) => `🔁 Mình ôn lại ${count} câu bạn chưa đúng nhé.`,
  lessonDone: (title, correct, total) =>
    `🎉 Bạn đã học xong bài “${title}”! Đúng ngay lần đầu: ${correct}/${total} câu.`,
  nextLesson: (title) => `➡️ Bài tiếp: ${title}`,
  backToMenu: '📚 Về danh sách khóa học',
  courseComplete: (title) => `🏆 Chúc mừng bạn đã hoàn thành khóa “${title}”!`,
  lessonEndHint: 'Bạn gõ 1 để học bài tiếp, 2 để về danh sách khóa học nhé.',
  progressTitle: '📊 Tiến độ của bạn:',
  progressCourse: (title, done, total) =>
    `${done === total ? '✅' : done > 0 ? '▶️' : '▫️'} ${title}: ${done}/${total} bài`,
  progressScore: (correct, total) =>
    total === 0
      ? 'Bạn chưa trả lời câu hỏi nào.'
      : `Đúng ngay lần đầu: ${correct}/${total} câu (${Math.round((100 * correct) / total)}%).`,
  progressNothing: 'Bạn chưa học bài nào. Gõ /menu để chọn khóa học nhé.',
  help:
    'ℹ️ Cách dùng: gõ số để chọn (ví dụ gõ 1), hoặc bấm nút nếu có.\n' +
    '• /menu (khóa học): danh sách khóa học\n' +
    '• /progress (tiến độ): xem kết quả\n' +
    '• /ontap (ôn tập): ôn lại câu đã học\n' +
    '• /nhacnho (nhắc nhở): đổi giờ nhắc học\n' +
    '• /language (ngôn ngữ): đổi ngôn ngữ\n' +
    '• /stop (dừng): ngừng nhận nhắc nhở và tin thông báo\n' +
    '• /delete (xóa dữ liệu): xóa dữ liệu của bạn\n' +
    'Gõ “tiếp” để học tiếp bài đang dở.',
  stopped:
    'Đã ngừng gửi nhắc nhở và tin thông báo cho bạn. Bạn vẫn học được bất cứ lúc nào. Gõ /start để bật lại.',
  resumed: 'Đã bật lại nhắc nhở. 🔔',
  welcomeBack: (name) => `Chào mừng ${name ? `${name} ` : 'bạn '}quay lại! 👋`,
  deleteConfirm:
    '⚠️ Bạn có chắc muốn xóa toàn bộ dữ liệu (tiến độ, kết quả, thông tin đã khai)? Việc này không thể hoàn tác.',
  deleteYes: 'Xóa dữ liệu',
  deleteNo: 'Không, giữ lại',
  deleted: 'Đã xóa toàn bộ dữ liệu của bạn. Cảm ơn bạn đã học cùng mình. Gõ /start nếu muốn học lại. 🙏',
  deleteCancelled: 'Đã giữ nguyên dữ liệu của bạn.',
  staleButton: 'Nút này thuộc câu hỏi cũ. Mời bạn trả lời câu hiện tại nhé:',
  askSearching: '🔎 Mình đang tìm câu trả lời cho bạn, chờ một chút nhé…',
  tutorHelpful: '👍 Hữu ích',
  tutorNotHelpful: '👎 Chưa hữu ích',
  tutorOpenLesson: (title) => `📖 Mở bài: ${title}`,
  tutorContinue: '▶️ Học tiếp',
  tutorThanks: 'Cảm ơn bạn đã cho biết!',
  tutorHint: 'Bạn chọn một số bên dưới, hoặc gõ câu hỏi khác nhé.',
  notUnderstood: 'Mình chưa hiểu ý bạn. Gõ /menu để chọn khóa học hoặc /help để xem hướng dẫn.',
  mediaReceived: 'Cảm ơn bạn! Mình chỉ đọc được tin nhắn chữ. Gõ /menu để chọn khóa học nhé.',
  campaignHint: 'Bạn chọn một số bên dưới, hoặc gõ /menu để chọn khóa học nhé.',
  reminderOffer: '🔔 Bạn có muốn mình nhắc học mỗi ngày không? Chọn giờ nhắc (hoặc gõ giờ khác, ví dụ 20):',
  reminderAt: (hour) => `${hour}:00 ${hour < 11 ? 'sáng' : hour < 14 ? 'trưa' : hour < 18 ? 'chiều' : 'tối'}`,
  reminderNone: 'Không cần nhắc',
  reminderIsOff: '🔕 Hiện bạn chưa đặt giờ nhắc học.',
  reminderIsAt: (hour) => `⏰ Mình đang nhắc bạn học lúc ${hour}:00 mỗi ngày.`,
  reminderQuestion: 'Bạn muốn được nhắc lúc mấy giờ? Chọn bên dưới hoặc gõ giờ (ví dụ 20).',
  reminderHint: 'Bạn chọn số bên dưới, hoặc gõ giờ muốn nhắc (ví dụ 8 hoặc 20 giờ) nhé.',
  reminderQuiet: (from, to) =>
    `Mình không nhắn tin từ ${from}:00 đến ${to}:00 để bạn nghỉ ngơi. Bạn chọn giờ khác nhé.`,
  reminderOff: '🔕 Đã tắt nhắc học. Gõ /nhacnho khi muốn bật lại.',
  reminderSet: (hour) => `⏰ Mình sẽ nhắc bạn học lúc ${hour}:00 mỗi ngày. Gõ /nhacnho để đổi giờ.`,
  nudgeDaily: (streak) =>
    streak >= 2
      ? `🔔 Đến giờ học rồi! Bạn đã học ${streak} ngày liền, học vài phút hôm nay để giữ chuỗi nhé.`
      : '🔔 Đến giờ học rồi! Chỉ vài phút thôi, mình học tiếp nhé?',
  nudgeQuiet: (days) =>
    days >= 30
      ? '👋 Lâu rồi mình chưa gặp bạn. Bài học vẫn chờ bạn ở đây. Đây là lời nhắc cuối, khi nào muốn học bạn cứ nhắn mình nhé.'
      : days >= 7
        ? '👋 Đã một tuần rồi! Bài học vẫn chờ bạn, chỉ vài phút thôi.'
        : '👋 Hai hôm rồi mình chưa gặp bạn. Học một bài ngắn nhé?',
  nudgeContinue: '▶️ Học tiếp',
  nudgeReview: (count) => `🔁 Ôn tập ${count} câu`,
  nudgeChangeHour: '⏰ Đổi giờ nhắc',
  nudgeHint: 'Bạn chọn số bên dưới nhé.',
  reviewNoCards:
    'Bạn chưa có câu nào để ôn. Học một bài và trả lời câu hỏi, mình sẽ nhắc bạn ôn lại đúng lúc.',
  reviewNothingDue: (day) => `👍 Chưa có câu nào cần ôn. Lần ôn tới: ngày ${day}.`,
  reviewIntro: (count) => `🔁 Ôn tập ${count} câu bạn đã học, để nhớ lâu hơn.`,
  reviewHeader: (n, total) => `🔁 Ôn tập câu ${n}/${total}`,
  reviewDone: (correct, total) =>
    `✅ Xong phần ôn tập: đúng ${correct}/${total} câu. Mình sẽ hỏi lại vào lúc thích hợp.`,
  streakMilestone: (days) =>
    days >= 30
      ? `🏅 Tuyệt vời! Bạn đã học ${days} ngày liền. Bạn thật kiên trì!`
      : days >= 7
        ? `🔥 Bạn đã học ${days} ngày liền, cả một tuần! Giỏi lắm!`
        : `🔥 Bạn đã học ${days} ngày liền. Cứ giữ nhịp này nhé!`,
  progressStreak: (days) =>
    days > 0 ? `🔥 Chuỗi học: ${days} ngày liền` : '🔥 Chuỗi học: hôm nay học để bắt đầu chuỗi mới',
  progressReview: (due) => (due > 0 ? `🔁 Câu cần ôn: ${due} (gõ /ontap)` : '🔁 Chưa có câu cần ôn'),
  progressReminder: (hour) =>
    hour === null ? '🔕 Chưa đặt giờ nhắc (gõ /nhacnho)' : `⏰ Nhắc học lúc ${hour}:00 (gõ /nhacnho để đổi)`,
  certificateUseName: '✅ Đúng, in tên này',
  certificateSkip: 'Để sau',
  certificateConfirm: (name) =>
    `🎓 Mình sẽ làm giấy chứng nhận hoàn thành khóa học cho bạn. Tên in trên giấy: “${name}”. Đúng chưa ạ? Nếu muốn tên khác, bạn gõ họ tên đầy đủ.`,
  certificateAskName:
    '🎓 Mình sẽ làm giấy chứng nhận hoàn thành khóa học cho bạn. Bạn gõ họ tên đầy đủ để in lên giấy nhé (ví dụ: Nguyễn Thị Hoa).',
  certificateNameHint: 'Bạn gõ họ tên (chỉ chữ, 2 đến 60 ký tự), hoặc chọn số bên dưới nhé.',
  certificateLater: 'Không sao ạ. Khi nào cần, bạn học lại bài cuối của khóa là nhận được giấy chứng nhận.',
  certificateMaking: (name) => `🎓 Mình đang làm giấy chứng nhận cho “${name}”, chờ một chút nhé…`,
  certificateReady: (course, url) =>
    `🎓 Giấy chứng nhận hoàn thành khóa “${course}” của bạn đây. Ai cũng có thể kiểm tra giấy tại: ${url}`,
  certificateCaption: (course) => `Giấy chứng nhận: ${course}`,
};
