import type { Messages } from './messages';

export const en: Messages = {
  greeting: (name) =>
    `Hello${name ? ` ${name}` : ''}! 👋 I am the learning assistant of the “Bình dân học vụ số” (digital skills for everyone) movement. ` +
    'Each lesson takes a few minutes and ends with short questions to help you remember.',
  consent:
    'To remember how far you have got, I need to keep: your display name, province, learner group and quiz results. ' +
    'The data is only used for your learning and the movement’s overall statistics, never sold or shared. ' +
    'You can erase it at any time with /delete.\n\nDo you agree?',
  consentYes: 'I agree',
  consentNo: 'I do not agree',
  consentDeclined: 'No problem. I keep nothing about you. Whenever you want to learn, type /start.',
  consentHint: 'Type 1 if you agree, 2 if you do not.',
  languageQuestion: 'Bạn muốn học bằng ngôn ngữ nào? / Which language would you like?',
  languageSet: 'English selected.',
  languageHint: 'Gõ 1 để học tiếng Việt, 2 for English.',
  provinceQuestion:
    'Which province or city do you live in? Type its name (e.g. Nghệ An) or its number. Type 0 to skip.',
  provinceSkip: 'Skip',
  provinceNotFound: (text) =>
    `I could not find “${text}”. Please type the province or city again (e.g. Hà Nội, Cần Thơ) or its number. Type 0 to skip.`,
  provinceMerged: (old, now) => `${old} is now part of ${now} (since 1 July 2025).`,
  audienceQuestion: 'Which group are you in?',
  audiences: {
    citizen: 'Citizen',
    elder: 'Older person',
    student: 'Pupil or student',
    civil_servant: 'Civil servant or public employee',
    worker: 'Worker or employee',
    volunteer: 'Volunteer',
  },
  audienceHint: 'Type a number from 1 to 6 to choose your group.',
  onboardingDone: 'Thank you! Let’s start learning. 📚',
  menuTitle: '📚 Courses. Choose the course you want (type its number):',
  menuResume: (lesson) => `▶️ Continue: ${lesson}`,
  menuHint: (count) => `Type a number from 1 to ${count} to choose a course.`,
  courseLabel: (title, done, total) =>
    done === total ? `✅ ${title}` : done > 0 ? `${title} (${done}/${total})` : title,
  courseDone: (title) => `You have finished “${title}”. Let’s go through it again from the first lesson.`,
  cardHeader: (lessonNo, lessonCount, title, card, cards) =>
    `📖 Lesson ${lessonNo}/${lessonCount}: ${title} (${card}/${cards})`,
  next: 'Continue ➡️',
  startQuiz: 'Answer questions ✍️',
  cardHint: 'Type 1 (or “next”) to continue. Type /menu for the list of courses.',
  tryDone: 'Done',
  tryHelp: 'I need help',
  tryLead: '👉 Try it now:',
  tryPraise: '👍 Well done!',
  tryHint: 'No rush, take your time. When you are done, tap “Done”; if it is hard, tap “I need help”.',
  tryAfterHelp: (onward) => `When you are ready, tap “${onward}” (or type 1) to go on.`,
  tryStillStuck: (onward) =>
    `That is all right. You can ask a relative or a volunteer to look with you later. Tap “${onward}” to go on.`,
  tryMedia: 'Thank you! I can only read text, so there is no need to send a photo.',
  questionHeader: (n, total, retry) => (retry ? `🔁 Review ${n}/${total}` : `❓ Question ${n}/${total}`),
  trueFalseLead: 'Is this true or false?',
  multiHint: 'Several answers may be right: type their numbers, e.g. 1, 3.',
  answerHint: (count) =>
    `I did not understand your answer. Please type a number from 1 to ${count} (or a letter A, B…).`,
  answerOutOfRange: (count) =>
    `This question has only ${count} choices. Please type a number from 1 to ${count}.`,
  mediaDuringQuiz: 'I can only read text. Please type the number of your answer.',
  correct: '✅ Correct!',
  wrong: '❌ Not quite.',
  reason: (text) => `Why: ${text}`,
  statementIs: (label) => `This statement is ${label}.`,
  rightAnswer: (label) => `Right answer: ${label}`,
  retryIntro: (count) => `🔁 Let’s review the ${count} question(s) you missed.`,
  lessonDone: (title, correct, total) =>
    `🎉 You finished the lesson “${title}”! Right on the first try: ${correct}/${total}.`,
  nextLesson: (title) => `➡️ Next lesson: ${title}`,
  backToMenu: '📚 Back to the courses',
  courseComplete: (title) => `🏆 Congratulations, you completed the course “${title}”!`,
  lessonEndHint: 'Type 1 for the next lesson, 2 for the list of courses.',
  progressTitle: '📊 Your progress:',
  progressCourse: (title, done, total) =>
    `${done === total ? '✅' : done > 0 ? '▶️' : '▫️'} ${title}: ${done}/${total} lessons`,
  progressScore: (correct, total) =>
    total === 0
      ? 'You have not answered any questions yet.'
      : `Right on the first try: ${correct}/${total} (${Math.round((100 * correct) / total)}%).`,
  progressNothing: 'You have not started a lesson yet. Type /menu to choose a course.',
  help:
    'ℹ️ How to use: type a number to choose (e.g. type 1), or tap a button if there is one.\n' +
    '• /menu: the list of courses\n' +
    '• /progress: your results\n' +
    '• /review: review questions you learned\n' +
    '• /reminder: change the reminder time\n' +
    '• /language: change language\n' +
    '• /stop: no more reminders or announcements\n' +
    '• /delete: erase your data\n' +
    'Type “next” to continue your lesson.',
  stopped:
    'You will get no more reminders or announcements. You can still learn at any time. Type /start to turn them back on.',
  resumed: 'Reminders are back on. 🔔',
  welcomeBack: (name) => `Welcome back${name ? `, ${name}` : ''}! 👋`,
  deleteConfirm:
    '⚠️ Do you really want to erase all your data (progress, results, details you gave)? This cannot be undone.',
  deleteYes: 'Erase my data',
  deleteNo: 'No, keep it',
  deleted:
    'All your data has been erased. Thank you for learning with me. Type /start if you want to learn again. 🙏',
  deleteCancelled: 'Your data is kept as it was.',
  staleButton: 'That button belongs to an earlier question. Please answer the current one:',
  askSearching: '🔎 Looking for an answer for you, one moment…',
  tutorHelpful: '👍 Helpful',
  tutorNotHelpful: '👎 Not helpful',
  tutorOpenLesson: (title) => `📖 Open: ${title}`,
  tutorContinue: '▶️ Continue learning',
  tutorThanks: 'Thank you for telling us!',
  tutorHint: 'Pick a number below, or type another question.',
  notUnderstood: 'I did not understand. Type /menu to choose a course or /help for instructions.',
  mediaReceived: 'Thank you! I can only read text messages. Type /menu to choose a course.',
  campaignHint: 'Pick a number below, or type /menu to choose a course.',
  reminderOffer: '🔔 Would you like a daily reminder to learn? Pick a time (or type another hour, e.g. 20):',
  reminderAt: (hour) =>
    `${hour}:00 ${hour < 11 ? 'morning' : hour < 14 ? 'noon' : hour < 18 ? 'afternoon' : 'evening'}`,
  reminderNone: 'No reminders',
  reminderIsOff: '🔕 You have no daily reminder.',
  reminderIsAt: (hour) => `⏰ I remind you to learn at ${hour}:00 every day.`,
  reminderQuestion: 'When would you like to be reminded? Pick below or type an hour (e.g. 20).',
  reminderHint: 'Pick a number below, or type the hour you want (e.g. 8 or 20).',
  reminderQuiet: (from, to) =>
    `I send no messages from ${from}:00 to ${to}:00 so you can rest. Please pick another time.`,
  reminderOff: '🔕 Reminders are off. Type /reminder to turn them on again.',
  reminderSet: (hour) => `⏰ I will remind you at ${hour}:00 every day. Type /reminder to change it.`,
  nudgeDaily: (streak) =>
    streak >= 2
      ? `🔔 Time to learn! You have learned ${streak} days in a row: a few minutes today keeps it going.`
      : '🔔 Time to learn! Just a few minutes. Shall we go on?',
  nudgeQuiet: (days) =>
    days >= 30
      ? '👋 It has been a while. Your lessons are still here. This is my last reminder: message me whenever you want to learn.'
      : days >= 7
        ? '👋 It has been a week! Your lesson is waiting, just a few minutes.'
        : '👋 I have not seen you for two days. How about a short lesson?',
  nudgeContinue: '▶️ Continue learning',
  nudgeReview: (count) => `🔁 Review ${count} questions`,
  nudgeChangeHour: '⏰ Change reminder time',
  nudgeHint: 'Please pick a number below.',
  reviewNoCards:
    'Nothing to review yet. Answer the questions of a lesson and I will bring them back at the right time.',
  reviewNothingDue: (day) => `👍 Nothing to review right now. Next review: ${day}.`,
  reviewIntro: (count) => `🔁 Let us review ${count} questions you learned, so they stay with you.`,
  reviewHeader: (n, total) => `🔁 Review ${n}/${total}`,
  reviewDone: (correct, total) =>
    `✅ Review done: ${correct}/${total} right. I will ask again at the right time.`,
  streakMilestone: (days) =>
    days >= 30
      ? `🏅 Wonderful! You have learned ${days} days in a row. What perseverance!`
      : days >= 7
        ? `🔥 ${days} days in a row, a whole week! Well done!`
        : `🔥 You have learned ${days} days in a row. Keep it up!`,
  progressStreak: (days) =>
    days > 0 ? `🔥 Streak: ${days} days in a row` : '🔥 Streak: learn today to start a new one',
  progressReview: (due) =>
    due > 0 ? `🔁 Questions to review: ${due} (type /review)` : '🔁 Nothing to review yet',
  progressReminder: (hour) =>
    hour === null
      ? '🔕 No daily reminder (type /reminder)'
      : `⏰ Reminder at ${hour}:00 (type /reminder to change)`,
  certificateUseName: '✅ Yes, print this name',
  certificateSkip: 'Later',
  certificateConfirm: (name) =>
    `🎓 I will make your course certificate. Name to print: “${name}”. Is that right? For another name, type your full name.`,
  certificateAskName: '🎓 I will make your course certificate. Please type your full name to print on it.',
  certificateNameHint: 'Please type your name (letters only, 2 to 60 characters), or pick a number below.',
  certificateLater:
    'No problem. Finish the last lesson of the course again whenever you want your certificate.',
  certificateMaking: (name) => `🎓 Making the certificate for “${name}”, one moment…`,
  certificateReady: (course, url) =>
    `🎓 Here is your certificate for “${course}”. Anyone can check it at: ${url}`,
  certificateCaption: (course) => `Certificate: ${course}`,
};
