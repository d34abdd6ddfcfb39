import type { esfLv } from './esf.lv.js';

/** ESF+ participant data, English. */
export const esfEn: Record<keyof typeof esfLv, string> = {
  'esf.form.heading': 'Data for the European Social Fund Plus report',
  'esf.form.intro':
    'This event is co-funded by the European Social Fund Plus (ESF+), and the fund asks us to report who takes part. The fund receives only totals, never anything about one person. Answering is not required: “Prefer not to say” is a valid answer.',
  'esf.form.privacyLink': 'How we process these data',
  'esf.q.gender': 'Gender',
  'esf.q.ageBand': 'Age',
  'esf.q.education': 'Highest education completed',
  'esf.q.employment': 'Employment',
  'esf.a.gender.female': 'Female',
  'esf.a.gender.male': 'Male',
  'esf.a.gender.other': 'Other',
  'esf.a.gender.undisclosed': 'Prefer not to say',
  'esf.a.ageBand.under18': 'Under 18',
  'esf.a.ageBand.18-29': '18–29',
  'esf.a.ageBand.30-54': '30–54',
  'esf.a.ageBand.55+': '55 or over',
  'esf.a.ageBand.undisclosed': 'Prefer not to say',
  'esf.a.education.isced0-2': 'Primary or lower secondary, or less (ISCED 0–2)',
  'esf.a.education.isced3-4': 'Upper secondary or post-secondary (ISCED 3–4)',
  'esf.a.education.isced5-8': 'Higher education (ISCED 5–8)',
  'esf.a.education.undisclosed': 'Prefer not to say',
  'esf.a.employment.employed': 'Employed (including self-employed)',
  'esf.a.employment.unemployed': 'Not working and looking for work',
  'esf.a.employment.inactive': 'Not working and not looking for work (for example, studying or retired)',
  'esf.a.employment.undisclosed': 'Prefer not to say',
  'esf.form.specialHeading': 'Disadvantage indicators (your choice)',
  'esf.form.specialIntro':
    'The fund also asks how many participants are disadvantaged. These answers are special categories of personal data (such as health or ethnic origin), so we keep them only with your explicit consent. Without it we keep nothing of these answers, and your registration is the same. You can withdraw your consent at any time.',
  'esf.form.specialConsent':
    'I consent to my answers to the following questions being processed for the ESF+ report (Article 9(2)(a) of the General Data Protection Regulation).',
  'esf.form.flagsHint': 'You may answer “Prefer not to say” to each question.',
  'esf.flag.disability': 'Do you have a recognised disability?',
  'esf.flag.thirdCountryNational':
    'Are you a third-country national (without the citizenship of any European Union country)?',
  'esf.flag.foreignOrigin': 'Are you of foreign origin (you or both your parents were born abroad)?',
  'esf.flag.minority': 'Do you belong to a minority (including marginalised communities such as the Roma)?',
  'esf.flag.homeless': 'Are you homeless or affected by housing exclusion?',
  'esf.flag.rural': 'Do you live in a rural area?',
  'esf.flagAnswer.yes': 'Yes',
  'esf.flagAnswer.no': 'No',
  'esf.flagAnswer.undisclosed': 'Prefer not to say',
  'field.not_asked': 'This event does not ask for participant data for the ESF+ report; do not send it.',
  'field.special_consent_required':
    'For us to keep your answers about disadvantage, tick the consent, or leave “Prefer not to say” everywhere.',
  'esf.withdraw.hint':
    'You consented to your answers about disadvantage being used for the ESF+ report. You can withdraw your consent: we then delete these answers.',
  'esf.withdraw.link': 'Withdraw consent and delete my answers about disadvantage',
  'esf.withdraw.heading': 'Withdraw your consent to the disadvantage data?',
  'esf.withdraw.what':
    'Your answers about disadvantage and your consent will be deleted for good. Your registration, your places and your other answers stay.',
  'esf.withdraw.submit': 'Withdraw consent and delete',
  'esf.withdraw.done': 'Consent withdrawn; your answers about disadvantage have been deleted.',
  'esf.change.hint':
    'You can change your answers for the ESF+ report (gender, age, education, employment and, if you consented, disadvantage) at any time.',
  'esf.change.link': 'Change your answers for the ESF+ report',
  'esf.change.heading': 'Your answers for the ESF+ report',
  'esf.change.submit': 'Save answers',
  'esf.change.back': 'Back to your registration',
  'manage.done.participantData': 'Your answers for the ESF+ report have been saved.',
  'esf.privacy.heading': 'Data for the European Social Fund Plus (ESF+) report',
  'esf.privacy.purpose':
    'Purpose: at events co-funded by the ESF+, the registration form asks for gender, age, education and employment, so that we can report to the fund how many and which people took part in the programme (the ESF+ common indicators). The fund and its auditors receive only totals, never anything about one person.',
  'esf.privacy.legalBasis':
    'Legal basis: a legal obligation (Article 6(1)(c) of the General Data Protection Regulation) — Article 17 and Annex I of Regulation (EU) 2021/1057 on the European Social Fund Plus. You may answer “Prefer not to say” to every question; it does not affect your registration.',
  'esf.privacy.special':
    'The questions about disadvantage (disability, third-country nationality, foreign origin, belonging to a minority, housing exclusion, living in a rural area) concern special categories of data. We process them only with your explicit consent (Article 9(2)(a) of the Regulation), given with a separate tick; without it we keep nothing of these answers. You can withdraw your consent at any time on your registration page or by writing to us; we then delete these answers.',
  'esf.privacy.retention':
    'Retention: as long as the registration, that is, the event’s retention period (see “How long we keep data”), which we set to cover the programme’s reporting to the fund. When it ends, we delete these data entirely, the answers about disadvantage included, and later reports count the participant as “Prefer not to say”. If you delete your registration, they are deleted at once.',
  'esf.report.heading': 'ESF+ participants report',
  'esf.report.title': 'ESF+ participants report',
  'esf.report.link': 'ESF+ participants report',
  'esf.report.intro':
    'Participants are people (by e-mail address, whatever its capitals) marked as attending at least one session of the event that is not the open plenary. Each person counts once in an event and once in the total, by their latest data; who did not answer counts as “Prefer not to say”. The report lists the events that ask for participant data for the ESF+ report.',
  'esf.report.none': 'No event asks for participant data for the ESF+ report.',
  'esf.report.activity': 'Event',
  'esf.report.slug': 'Address',
  'esf.report.participants': 'Participants',
  'esf.report.total': 'Total (each person once)',
  'esf.report.disadvantages': 'Disadvantage indicators',
  'esf.report.disadvantagesHint':
    'Only with the participant’s explicit consent; without it a person counts as “Prefer not to say”.',
  'esf.report.flag.disability': 'Persons with disabilities',
  'esf.report.flag.thirdCountryNational': 'Third-country nationals',
  'esf.report.flag.foreignOrigin': 'Persons of foreign origin',
  'esf.report.flag.minority': 'Minorities (including marginalised communities such as the Roma)',
  'esf.report.flag.homeless': 'Homeless persons or persons affected by housing exclusion',
  'esf.report.flag.rural': 'Persons from rural areas',
  'esf.report.madeAt': 'Made',
  'esf.report.sheet': 'ESF+ participants',
  'esf.event.participantData': 'Ask for participant data for the ESF+ report (gender, age, education, employment)',
};
