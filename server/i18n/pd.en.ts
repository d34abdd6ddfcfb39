import type { pdLv } from './pd.lv.js';

/** Professional development (issue 18), English. */
export const pdEn: Record<keyof typeof pdLv, string> = {
  'pd.join.heading': 'Joining the session',
  'pd.join.session': 'Session',
  'pd.join.when': 'Time',
  'pd.join.early': 'You can join from {when}.',
  'pd.join.earlyHint': 'Open this same link again then: it will take you to the session.',
  'pd.join.ended': 'The session has ended; it can no longer be joined.',
  'pd.join.waitlisted':
    'You are still on the waitlist for this session. The link will work as soon as your place is confirmed; we will tell you by e-mail.',
  'pd.join.cancelled': 'This place was cancelled, so the link no longer works.',
  'pd.join.session_cancelled': 'The organizers have cancelled this session.',
  'pd.join.no_link': 'The organizers have not yet said where the session takes place. Please try again shortly.',
  'pd.join.unknown':
    'This join link is not valid. Check that you copied all of it, or open it from your reminder e-mail or your registration page.',
  'pd.join.manageHint': 'Your personal join link is in your reminder e-mail and on your registration page.',
  'pd.join.opens': 'The link leads to the session from {when} until it ends.',
  'pd.mail.joinMeeting': 'Your personal link to join',
  'pd.mail.joinStream': 'Your personal link to the live stream',
  'pd.att.source': 'Marked by',
  'pd.att.source.link': 'Personal link',
  'pd.att.source.hand': 'Organizer',
  'pd.att.source.csv': 'CSV list',
  'pd.att.source.api': 'API',
  'pd.att.joined': 'Joined',
  'field.too_many_emails': 'A list may hold at most 2,000 addresses.',
};
