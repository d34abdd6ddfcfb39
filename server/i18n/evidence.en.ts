import type { evidenceLv } from './evidence.lv.js';

/** The professional-development record and the accessibility statement, English. */
export const evidenceEn: Record<keyof typeof evidenceLv, string> = {
  'a11y.nav': 'Accessibility statement',
  'a11y.heading': 'Accessibility statement',
  'a11y.intro':
    'Under Cabinet Regulation No. 445 of 14 July 2020 on how institutions publish information on the internet, the organizers of the programme “School. Parents. Children” are committed to making this registration site accessible to everyone, including people with visual, hearing, motor or cognitive impairments. This statement covers the whole site: the event pages, the registration forms, the participant’s pages, the certificate pages and the organizers’ back office.',
  'a11y.statusHeading': 'How accessible is this site?',
  'a11y.statusLine.full':
    'The site fully complies with Regulation No. 445 and with level AA of the Web Content Accessibility Guidelines (WCAG) 2.1 (standard EN 301 549).',
  'a11y.statusLine.partial':
    'The site partially complies with Regulation No. 445 and with level AA of the Web Content Accessibility Guidelines (WCAG) 2.1 (standard EN 301 549), because of the non-conformities listed below.',
  'a11y.statusLine.none':
    'The site does not comply with Regulation No. 445 and with level AA of the Web Content Accessibility Guidelines (WCAG) 2.1 (standard EN 301 549), because of the non-conformities listed below.',
  'a11y.status.full': 'Fully compliant',
  'a11y.status.partial': 'Partially compliant',
  'a11y.status.none': 'Not compliant',
  'a11y.usage':
    'The pages can be used with a keyboard alone, with a screen reader, with text enlarged to 200\u00a0% and on a mobile phone; registration also works without JavaScript.',
  'a11y.nonConformitiesHeading': 'Known non-conformities',
  'a11y.noNonConformities': 'There are no known non-conformities.',
  'a11y.evaluationHeading': 'Evaluation',
  'a11y.evaluated': 'The site was last evaluated on {date} by {by}.',
  'a11y.method':
    'Every change is tested automatically: all public and organizer pages, in Latvian and in English, are scanned with axe-core in a real browser, and a registration is completed with the keyboard alone. We also carry out a manual self-assessment.',
  'a11y.protocolLead': 'What was checked and how:',
  'a11y.protocolLink': 'the evaluation protocol',
  'a11y.alternativesHeading': 'Alternatives',
  'a11y.feedbackHeading': 'Feedback and contact',
  'a11y.feedback':
    'If any part of a page is not accessible to you or you notice an accessibility problem, contact the event organizers. We answer within 10 working days and, where needed, help you register another way.',
  'a11y.feedbackContact':
    'If any part of a page is not accessible to you or you notice an accessibility problem, write to {email}. We answer within 10 working days and, where needed, help you register another way.',
  'a11y.phone': 'Phone: {phone}.',
  'a11y.supervisorHeading': 'Supervising authority',
  'a11y.supervisorIntro':
    'If you are not satisfied with our answer, you may turn to the authority that supervises the accessibility of public sector websites:',
  'a11y.updated': 'This statement was last updated on {date}.',
  'a11y.notFilled': 'The organizers have not filled in this section yet.',
  'a11y.protocol.heading': 'Accessibility evaluation protocol',
  'a11y.protocol.intro':
    'The site was evaluated with the simplified method: each of the 11 accessibility aspects was checked on every public and organizer page, in Latvian and English, on a desktop screen and at the width of a mobile phone (390 pixels).',
  'a11y.protocol.when': 'Evaluated on {date} by {by}.',
  'a11y.protocol.pages':
    'Pages evaluated: the list of events, the event, seminar and course pages, the registration forms, the participant’s page and its confirmation steps, the live stream page, group registration, certificate verification and the list of certificates, the privacy and accessibility statements, the organizers’ back office pages.',
  'a11y.protocol.aspect': 'Aspect',
  'a11y.protocol.criteria': 'WCAG 2.1 criteria',
  'a11y.protocol.how': 'How it was checked',
  'a11y.protocol.outcome':
    'The non-conformities found and their alternatives are given in the accessibility statement.',
  'a11y.protocol.back': 'Back to the accessibility statement',
  'a11y.aspect.navigation': 'Main navigation',
  'a11y.aspect.navigation.how':
    'Every page has the same navigation and language switch in its header, and links to the statements and certificates in its footer; checked by going through every page.',
  'a11y.aspect.structure': 'Page structure',
  'a11y.aspect.structure.how':
    'Pages have a header, main content and footer, and a “Skip to content” link; the HTML is checked with html-validate, the landmarks with axe-core.',
  'a11y.aspect.keyboard': 'Keyboard access and visible focus',
  'a11y.aspect.keyboard.how':
    'An automated test completes a registration with the keyboard alone; the focus order and visible focus are checked on every form.',
  'a11y.aspect.forms': 'Form fields and error messages',
  'a11y.aspect.forms.how':
    'Every field has a label; an error message names its field, is tied to it and is summarised at the top of the page; checked with axe-core and with tests that submit wrong forms.',
  'a11y.aspect.images': 'Text alternatives for images',
  'a11y.aspect.images.how': 'Images have alternative text, decorative ones are hidden; axe-core on every page.',
  'a11y.aspect.headings': 'Headings',
  'a11y.aspect.headings.how':
    'Every page has one main heading, and heading levels follow in order; axe-core on every page.',
  'a11y.aspect.contrast': 'Colour contrast',
  'a11y.aspect.contrast.how':
    'Text contrast is at least 4.5:1, control borders at least 3:1; axe-core on every page in both languages.',
  'a11y.aspect.zoom': 'Text resizing',
  'a11y.aspect.zoom.how':
    'Every page is checked at 390 pixels wide (the same as 400\u00a0% zoom): nothing sticks out and nothing needs scrolling sideways.',
  'a11y.aspect.titles': 'Page titles',
  'a11y.aspect.titles.how': 'Every page has a title of its own and declares its language; axe-core on every page.',
  'a11y.aspect.motion': 'Moving, blinking and flashing content',
  'a11y.aspect.motion.how': 'The site has no moving, blinking or self-updating content; reviewed by hand.',
  'a11y.aspect.media': 'Alternatives for audio and video',
  'a11y.aspect.media.how':
    'The site holds no recorded audio or video; the alternatives for live streams are given in the statement’s “Alternatives” section; reviewed by hand.',
  'a11y.admin.title': 'Accessibility statement',
  'a11y.admin.hint':
    'These fields are shown in the public accessibility statement (Cabinet Regulation No. 445); the rest of its text is fixed.',
  'a11y.admin.saved': 'Accessibility statement saved.',
  'a11y.admin.open': 'View the public statement',
  'a11y.admin.oneALine': 'Write each non-conformity on a line of its own. Leave empty if there are none.',
  'a11y.field.status': 'Compliance status',
  'a11y.field.nonConformitiesLv': 'Known non-conformities (Latvian)',
  'a11y.field.nonConformitiesEn': 'Known non-conformities (English)',
  'a11y.field.alternativesLv': 'Alternatives (Latvian)',
  'a11y.field.alternativesEn': 'Alternatives (English)',
  'a11y.field.evaluatedOn': 'Date of the evaluation',
  'a11y.field.evaluatedByLv': 'Evaluated by (Latvian)',
  'a11y.field.evaluatedByEn': 'Evaluated by (English)',
  'a11y.field.contactEmail': 'Contact e-mail',
  'a11y.field.contactPhone': 'Contact phone (optional)',
  'a11y.field.supervisorLv': 'Supervising authority and how to reach it (Latvian)',
  'a11y.field.supervisorEn': 'Supervising authority and how to reach it (English)',
  'field.invalid_day': 'Enter a date.',

  'record.nav': 'My certificates',
  'record.heading': 'My professional development certificates',
  'record.intro':
    'Enter the e-mail address you registered for events with. We will send it a link to the list of every valid certificate of that address, with hours, dates and numbers. The link works for 7 days.',
  'record.email': 'E-mail address',
  'record.submit': 'Send the link',
  'record.sentHeading': 'Check your e-mail',
  'record.sent':
    'If certificates were issued to this address, a link to their list is on its way. The link works for 7 days.',
  'record.limit':
    'We send at most three such messages an hour to one address. If the message does not arrive within a few minutes, check your spam folder.',
  'record.listHeading': 'Your professional development certificates',
  'record.for': 'Valid certificates issued to {email}.',
  'record.col.number': 'Number',
  'record.col.holder': 'Name',
  'record.col.event': 'Event',
  'record.col.dates': 'Dates',
  'record.col.hours': 'Hours',
  'record.col.issued': 'Issued',
  'record.col.verify': 'Verification link',
  'record.total': 'Total: {hours}',
  'record.lastThree': 'In the last three years: {hours}',
  'record.lastThreeHint':
    'A teacher must complete at least 36 hours of professional development in three years (Cabinet Regulation No. 569). The last three years count the events that ended no more than three years ago.',
  'record.none': 'There are no valid certificates for this address.',
  'record.pdf': 'Download the certificate',
  'record.verify': 'Verify',
  'record.downloadPdf': 'Download the list as a PDF',
  'record.downloadCsv': 'Download the list as a table (CSV)',
  'record.validUntil': 'This link works until {moment}.',
  'record.expiredHeading': 'The link no longer works',
  'record.expired':
    'A link to the list of certificates works for 7 days. This one has ended or is incomplete. Ask for a new one: it takes a minute.',
  'record.askAgain': 'Ask for a new link',
  'record.file': 'certificates',
  'record.pdf.title': 'List of professional development certificates',
  'record.pdf.made': 'Made on {date}.',
  'record.pdf.verifyNote': 'Each certificate can be verified by its number at its verification link.',
  'mail.pd_record.subject': 'Your professional development certificates',
  'mail.pd_record.intro':
    'The list of this address’s certificates was asked for on the “My certificates” page. Open it with the link below.',
  'mail.pd_record.link': 'Open the list of certificates',
  'mail.pd_record.valid': 'The link works for 7 days. Do not pass it on: it shows your certificates.',
  'mail.pd_record.notYou': 'If you did not ask for the list, there is nothing to do.',
  'message.kind.pd_record_link': 'link to the list of certificates',
  'mail.certificate.record': 'All your certificates, from other events too',
};
