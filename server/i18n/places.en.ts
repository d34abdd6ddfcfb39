import type { placesLv } from './places.lv.js';

/** Scarce places and who holds them, English. `{moment}` reads "7 December 2026 at 15:30". */
export const placesEn: Record<keyof typeof placesLv, string> = {
  'field.name_is_address': 'Enter your first and last name, without a web or e-mail address.',
  'error.offer_lapsed': 'The time to answer has run out: the place went to the next person in the queue.',

  'mail.greetingPlain': 'Hello,',
  'mail.seat.held': 'place held',
  'mail.seat.offered': 'place offered to you',
  'check.heading': 'Check your e-mail',
  'check.sent': 'We have sent a message to {email}. Open it and press “Confirm the registration”.',
  'check.why':
    'This shows us that the address is yours: nobody else can take a place with your address, and no place is kept for someone who cannot be reached.',
  'check.held': 'A place in “{session}” is held for you.',
  'check.heldSingle': 'A place in “{session}” is held for you.',
  'check.heldCourse': 'A place in the course is held for you.',
  'check.holdEnds':
    'The hold ends on {moment}. If you have not confirmed the registration by then, the place goes to the next person in the queue.',
  'check.waitlisted': '“{session}” is full: you are number {position} in the queue.',
  'check.waitlistedSingle': '“{session}” is full: you are number {position} in the queue.',
  'check.waitlistedCourse': 'The course is full: you are number {position} in the queue.',
  'check.waitEnds': 'Confirm the registration to keep your place in the queue: unconfirmed, it ends on {moment}.',
  'check.plenary': 'Your place in the plenary “{session}” is confirmed; it needs no confirmation.',
  'check.noMail': 'If the message does not arrive within a few minutes, check your spam folder.',
  'check.mailDropHeading': 'Where to find the message in this demo',
  'check.mailDrop':
    'This site has no mail server, so no e-mail is sent: every message is saved as an .eml file in the folder {dir} (the newest last). An administrator can also read the messages in the back office under “Emails” ({path}).',
  'check.backToEvent': 'Back to the event',

  'mail.address_confirm.subject': 'Confirm your registration: {event}',
  'mail.address_confirm.intro': 'On {moment} this e-mail address was registered for “{event}”.',
  'mail.address_confirm.held':
    'A place is held. To keep it, confirm the registration with the link in this message — the hold ends on {moment}.',
  'mail.address_confirm.waiting':
    'There is no free place at the moment and the registration is in the queue. To keep your place in the queue, confirm the registration: unconfirmed, it ends on {moment}.',
  'mail.address_confirm.promoted':
    'A place has come free and is held for you. To keep it, confirm the registration with the link in this message — the hold ends on {moment}.',
  'mail.address_confirm.plenary':
    'Confirm the registration to receive the confirmation with a calendar invitation, and the reminders.',
  'mail.address_confirm.notYou':
    'If you did not register, do nothing: without a confirmation nothing else will be sent to you, and any place held goes to the next people in the queue.',
  'mail.address_confirm.link': 'Confirm the registration',

  'mail.registered_again.subject': 'Your e-mail address was registered again: {event}',
  'mail.registered_again.intro':
    'On {moment} this e-mail address was registered again for “{event}”. The address has a registration already (made on {since}), so no new one was made and the existing one is unchanged.',
  'mail.registered_again.rotated':
    'To keep it safe, the previous link to the registration no longer works: the new one is in this message. If you subscribed to your sessions in a calendar, subscribe again from the new link.',
  'mail.registered_again.same': 'The link to your registration is in this message; it has not changed.',
  'mail.registered_again.notYou':
    'If you registered again, all is well. If not, open the link: there you can see the registration and, if it is not yours, cancel it.',
  'mail.registered_again.link': 'Open the registration',

  'mail.place_offered.subject': 'A place has come free: {session}',
  'mail.place_offered.intro': 'A place in “{session}” has come free and is held for you.',
  'mail.place_offered.introCourse': 'A place in the course “{session}” has come free and is held for you.',
  'mail.place_offered.how':
    'To take it, open the link and press “Accept the place”. If you no longer need it, decline it: it goes to the next person in the queue at once.',
  'mail.place_offered.deadline': 'If you do not answer, the place goes to the next person in the queue on {moment}.',
  'mail.place_offered.link': 'Accept or decline',

  'mail.offer_lapsed.subject': 'The place offered to you went to the next person: {session}',
  'mail.offer_lapsed.intro':
    'You did not answer the offer in time, so the place went to the next person in the queue. You are no longer in the queue for this session.',

  'manage.confirm.heading': 'Confirm your registration',
  'manage.confirm.intro':
    'The registration is not confirmed yet. Press the button to confirm that the e-mail address {email} is yours.',
  'manage.confirm.holdEnds': 'The hold ends on {moment}.',
  'manage.confirm.submit': 'Confirm the registration',
  'manage.confirm.notYou':
    'If you did not register, cancel the registration at the end of this page, or simply do nothing: without a confirmation the places held go to others.',
  'manage.done.confirmed':
    'Thank you, the registration is confirmed! We have sent the confirmation with a calendar invitation to your e-mail.',
  'manage.done.confirmedLapsed':
    'Your e-mail address is confirmed, but the hold had ended and the places went to the next people in the queue. You can sign up again below.',
  'manage.status.held': 'Place held',
  'manage.status.offered': 'Place offered to you',
  'manage.offer.intro': 'A place has come free and is held for you. Accept it or decline it.',
  'manage.offer.accept': 'Accept the place',
  'manage.offer.decline': 'Decline the place',
  'manage.offer.deadline': 'If you do not answer, the place goes to the next person in the queue on {moment}.',
  'manage.done.accepted':
    'The place is yours. We have sent the confirmation with a calendar invitation to your e-mail.',
  'manage.done.declined': 'You declined the place; it went to the next person in the queue.',
  'confirm.decline.heading': 'Decline the place offered to you: {session}?',
  'confirm.decline.what':
    'The place goes to the next person in the queue at once, and you leave the queue for this session.',
  'confirm.decline.course':
    'The place goes to the next person in the queue at once, and your registration for the course is cancelled.',
  'confirm.decline.submit': 'Yes, decline the place',
  'admin.places.link': 'Places and queue',
  'admin.places.heading': 'Places and queue: {event}',
  'admin.places.intro':
    'How this event gives out its scarce places: whether a new registration only holds its place until the e-mail address confirms it, and how a freed place reaches the next person in the queue. Changes apply from now on: places already held or offered keep their deadlines.',
  'admin.places.confirmation': 'E-mail address confirmation',
  'admin.places.confirmationHint':
    'With confirmation on, places in workshops and seminars are held until the participant confirms the registration from the e-mail; places not confirmed in time go to the next people in the queue. The plenary needs no confirmation.',
  'admin.places.confirmation.server': 'As on the whole site (now {state})',
  'admin.places.confirmation.on': 'On',
  'admin.places.confirmation.off': 'Off: the place is confirmed at once',
  'admin.places.stateOn': 'on',
  'admin.places.stateOff': 'off',
  'admin.places.holdMinutes': 'How long a held place waits for the confirmation (minutes)',
  'admin.places.holdMinutesHint': 'From 1 to 1440 (24 hours); usually 60.',
  'admin.places.waitlist': 'When a place comes free',
  'admin.places.waitlist.auto': 'The place is confirmed for the first person in the queue at once',
  'admin.places.waitlist.offer': 'The place is offered to the first person in the queue, who accepts or declines it',
  'admin.places.offerHours': 'How long an offered place waits for an answer (hours)',
  'admin.places.offerHoursHint': 'From 1 to 168 (7 days), but never past the start of the session.',
  'admin.places.back': 'Back to the event',
  'admin.notice.placesSaved': 'The place settings are saved.',
  'manage.heldEnds': 'The hold ends on {moment}.',
  'mail.registerAgain': 'Register again',
  'mail.group_registered.subject': 'Group registration: {event}',
  'mail.group_registered.intro':
    'This e-mail address is given as the coordinator’s address of a group registration for “{event}”. The people of the group and their places:',
  'mail.group_registered.waitingConfirm': 'waiting for the person’s confirmation',
  'mail.group_registered.awaiting':
    'We have sent each person a message to their own address. A place is held until the person confirms the registration from their message; places not confirmed go to the next people in the queue.',
  'mail.group_registered.sent': 'We have sent each person the confirmation and the link to their registration.',
  'mail.group_registered.notAdded': 'These addresses were registered already, so they were not added again: {emails}.',
  'mail.group_registered.page':
    'On the group’s page you can swap a person, add people or cancel them until the event starts. If you did not register the group, you may ignore this message.',
  'mail.group_registered.link': 'Open the group’s page',
  'mail.group_swapped_out.subject': 'Your place was given to someone else: {event}',
  'mail.group_swapped_out.intro':
    'On {moment} the coordinator of your group gave your place in “{event}” to someone else. The link to your registration no longer works, and the calendar invitation is cancelled.',
  'mail.group_swapped_out.again': 'If this is a mistake, contact the coordinator or register again.',

  'group.link': 'Register a group (for a school’s coordinator)',
  'group.heading': 'Group registration: {event}',
  'group.intro':
    'A school’s coordinator can register up to 30 colleagues at once. Each person gets their own message and link. Places are given in the order of the list by the same rules as for anyone: if free places are enough for only some, the rest join the queue in the same order.',
  'group.coordinator': 'Coordinator',
  'group.coordinatorName': 'Coordinator’s first and last name',
  'group.coordinatorEmail': 'Coordinator’s e-mail address',
  'group.coordinatorEmailHint': 'We send the link to the group’s page to this address.',
  'group.institution': 'School or other institution',
  'group.people': 'People',
  'group.peopleHint': 'Fill in as many rows as people you register; empty rows are left out.',
  'group.person': 'Person {n}',
  'group.personName': 'First and last name',
  'group.personEmail': 'E-mail address',
  'group.personSession': 'Workshop or seminar',
  'group.moreRows': 'Add 5 more rows',
  'group.consent': 'I confirm that the people agree to their data being processed as the privacy notice says.',
  'group.submit': 'Register the group',
  'field.duplicate_in_group': 'This address is in the list already.',
  'field.no_people': 'Enter at least one person.',
  'group.sent.heading': 'The group is registered',
  'group.sent.coordinator': 'We have sent the link to the group’s page to {email}.',
  'group.sent.people':
    'We have sent each person a message to their own address: a place is held until the person confirms the registration from their message.',
  'group.page.heading': 'Group: {event}',
  'group.page.coordinator': 'Coordinator',
  'group.page.people': 'People',
  'group.page.waitingConfirm': 'Waiting for the person’s confirmation',
  'group.page.notAdded': 'Registered already, so not added again',
  'group.page.swap': 'Swap the person',
  'group.page.swapHint':
    'The place stays; the previous person’s link stops working and they are told. The new person gets a link of their own.',
  'group.page.swapSubmit': 'Swap',
  'group.page.cancel': 'Cancel the place',
  'group.page.add': 'Add people',
  'group.page.addSubmit': 'Add',
  'group.page.closed': 'The event has started: the group can no longer be changed.',
  'group.page.cancelled': 'Place cancelled',
  'group.done.swapped': 'The person is swapped.',
  'group.done.added': 'The people are added.',
  'group.done.cancelled': 'The place is cancelled and went to the next person in the queue.',
  'group.done.created': 'The group is registered. We have sent each person the confirmation and a link.',
  'group.cancel.heading': 'Cancel the place of {name}?',
  'group.cancel.what': 'Their places go to the next people in the queue, and they are told.',
  'group.cancel.submit': 'Yes, cancel the place',
  'group.cancel.back': 'No, back to the group',
  'addressAction.heading.cancel': 'Cancel the registration?',
  'addressAction.heading.erase': 'Delete the registration and your data?',
  'addressAction.sent':
    'A certificate was issued to you, so the owner of the e-mail address confirms this: we have sent a link to {email}. Until the link is opened and its button pressed, the registration stays as it was.',
  'addressAction.what.cancel':
    'The registration for “{event}” will be cancelled and your places will go to the next people in the queue. The certificate issued stays valid.',
  'addressAction.what.erase':
    'Your registration for “{event}” will be cancelled and your name and e-mail address deleted. The certificates issued will not be revoked: they stay in the register of issued certificates as issued, with your name, hours and dates, and can be checked by their number. After the deletion no link of yours leads to them, so download them now:',
  'addressAction.submit.cancel': 'Yes, cancel the registration',
  'addressAction.submit.erase': 'Yes, delete my registration and data',
  'addressAction.keep': 'No, keep the registration',
  'addressAction.done.cancel': 'The registration is cancelled.',
  'addressAction.done.erase': 'Your registration and data are deleted.',
  'mail.address_action.subject.cancel': 'Confirm the cancellation of your registration: {event}',
  'mail.address_action.subject.erase': 'Confirm the deletion of your data: {event}',
  'mail.address_action.intro.cancel':
    'On {moment} someone asked to cancel your registration for “{event}”. A certificate was issued to you, so only the owner of this e-mail address can confirm it.',
  'mail.address_action.intro.erase':
    'On {moment} someone asked to delete your registration and data for “{event}”. A certificate was issued to you, so only the owner of this e-mail address can confirm it.',
  'mail.address_action.certificatesKept':
    'The certificates issued will not be revoked: they stay in the register of issued certificates. You can download them on the confirmation page before the deletion.',
  'mail.address_action.valid': 'The link works for 24 hours.',
  'mail.address_action.notYou':
    'If you did not ask for this, do nothing: the registration stays as it is. Someone else may have the link to your registration; you can ask for a new link on your registration page.',
  'mail.address_action.link': 'Confirm',
  'manage.offer.heading': 'A place is offered to you',
  'manage.offer.banner': 'A place has come free and is held for you: {session}.',
  'manage.offer.answer': 'Accept or decline',
  'group.region': 'The people’s region',
};
