import type { callersLv } from './callers.lv.js';

/** People who register by phone and have no e-mail, English. */
export const callersEn: Record<keyof typeof callersLv, string> = {
  'form.phone': 'Phone number',
  'field.invalid_phone': 'Enter a phone number in digits, like +371 20000000 or 20000000.',
  'field.email_or_phone': 'Enter an e-mail address or a phone number.',
  'error.reason.no_email': 'This registrant has no e-mail address, so no message can be sent. Add an e-mail first.',
  'admin.phoneHint': 'If the registrant has no e-mail, leave the e-mail empty and enter a phone number.',
  'admin.notice.placeGiven': 'Place given. Registrant added.',
  'admin.notice.queuePosition':
    'On the waitlist, number {n}: no place was free, the registrant was added to the waitlist.',
  'admin.notice.placeAndQueue': 'Place given, but in one session the registrant is on the waitlist, number {n}.',
  'admin.notice.emailAdded': 'E-mail added; the confirmation with the link to manage the registration was sent.',
  'admin.noEmail': 'no e-mail',
  'admin.caller.heading': 'What to tell the caller: {name}',
  'admin.caller.noEmail':
    'The registrant has no e-mail, so nothing was sent. Tell them what is written below, or print the confirmation.',
  'admin.caller.tell': 'Tell the caller',
  'admin.caller.placeGiven': 'Place given',
  'admin.caller.queuePosition': 'On the waitlist, number {n}',
  'admin.caller.next': 'What happens next',
  'admin.caller.nextPlace': 'The place stays theirs. If they cannot come, they should call the organizers.',
  'admin.caller.nextQueue':
    'If a place becomes free, it is given in waitlist order, and the organizers will call them at {phone}.',
  'admin.caller.nextEmail':
    'When the registrant gives an e-mail address, add it on their page: the confirmation with the link to manage the registration is sent then.',
  'admin.caller.print': 'Print the confirmation',
  'admin.caller.printHint': 'Only the confirmation is printed, without the back office menus.',
  'admin.caller.toRegistrant': 'To the registrant’s page',
  'admin.caller.open': 'What to tell the caller, and the confirmation to print',
  'admin.confirmation.heading': 'Registration confirmation',
  'admin.confirmation.person': 'Registrant',
  'admin.confirmation.event': 'Event',
  'admin.confirmation.madeAt': 'Registered',
  'admin.addEmail.heading': 'Add an e-mail and send the confirmation',
  'admin.addEmail.what':
    'The registrant was registered without an e-mail. When they give an address, enter it here: the confirmation with the link to manage the registration goes to it.',
  'admin.addEmail.submit': 'Add the e-mail and send the confirmation',
  'admin.call.due':
    'Call them: a place was given from the waitlist. There is no e-mail, so tell them by phone at {phone}.',
  'admin.call.dueShort': 'call: place given',
  'admin.call.noPhone': 'not given',
  'admin.notice.callGiven': '{name}: no e-mail — tell them about the place by phone at {phone}.',
  'log.field.phone': 'phone number',
  'admin.notice.callPeople': 'No e-mail — phone them: {people}',
  'admin.notice.callMany.one': '{n} person has no e-mail, so the message did not reach them — phone them.',
  'admin.notice.callMany.zero': '{n} people have no e-mail, so the message did not reach them — phone them.',
  'admin.notice.callMany.other': '{n} people have no e-mail, so the message did not reach them — phone them.',
  'admin.notice.callManyLink': 'People without an e-mail and their phones',
  'admin.samePhone.warning': 'This phone number is already registered: {people}. Add another person anyway?',
  'admin.samePhone.warningUnnamed':
    'This phone number is already registered for this event in another region. Add another person anyway?',
  'admin.samePhone.confirm': 'Yes, add another person with this phone number',
  'error.reason.phone_registered':
    'This phone number is already registered for this event. If this really is another person, confirm that you are adding one more.',
  'admin.contact': 'Contact',
  'admin.contact.phone': 'Only without an e-mail (by phone)',
  'admin.cancelSession.noEmail': 'Without an e-mail (after cancelling you will be shown whom to phone): {n}',
} as const;
