/**
 * Professional development (issue 18): personal join links, attendance, hours and
 * certificates ("apliecības"). Latvian, the source of the keys.
 */
export const pdLv = {
  'pd.join.heading': 'Pievienošanās sesijai',
  'pd.join.session': 'Sesija',
  'pd.join.when': 'Laiks',
  'pd.join.early': 'Pievienoties varēs {when}.',
  'pd.join.earlyHint': 'Tad atveriet šo pašu saiti vēlreiz — tā jūs aizvedīs uz sesiju.',
  'pd.join.ended': 'Sesija ir beigusies, un tai vairs nevar pievienoties.',
  'pd.join.waitlisted':
    'Jūs vēl esat rindā uz šo sesiju. Saite darbosies, tiklīdz jūsu vieta būs apstiprināta; par to jums paziņosim e-pastā.',
  'pd.join.cancelled': 'Šī vieta ir atcelta, tāpēc saite vairs nedarbojas.',
  'pd.join.session_cancelled': 'Organizatori šo sesiju ir atcēluši.',
  'pd.join.no_link': 'Organizatori vēl nav norādījuši, kur sesija notiks. Lūdzu, mēģiniet vēlreiz pēc brīža.',
  'pd.join.unknown':
    'Šī pievienošanās saite nav derīga. Pārbaudiet, vai nokopējāt visu saiti, vai atveriet to no atgādinājuma e-pasta vai savas reģistrācijas lapas.',
  'pd.join.manageHint':
    'Savu personīgo pievienošanās saiti atradīsiet atgādinājuma e-pastā un savas reģistrācijas lapā.',
  'pd.join.opens': 'Saite ved uz sesiju no {when} līdz sesijas beigām.',
  'pd.mail.joinMeeting': 'Jūsu personīgā saite, lai pievienotos',
  'pd.mail.joinStream': 'Jūsu personīgā saite uz tiešraidi',
  'pd.att.source': 'Kā atzīmēts',
  'pd.att.source.link': 'Personīgā saite',
  'pd.att.source.hand': 'Organizators',
  'pd.att.source.csv': 'CSV saraksts',
  'pd.att.source.api': 'API',
  'pd.att.joined': 'Pievienojās',
  'field.too_many_emails': 'Vienā sarakstā var būt ne vairāk kā 2000 adrešu.',
  'pd.cert.title': 'Apliecība',
  'pd.cert.subtitle': 'par dalību profesionālās kompetences pilnveides pasākumā',
  'pd.cert.number': 'Nr. {number}',
  'pd.cert.certifies': 'Apliecina, ka',
  'pd.cert.tookPart': 'piedalījās pasākumā',
  'pd.cert.session': 'Sesija',
  'pd.cert.date': 'Datums',
  'pd.cert.hours': 'Stundas',
  'pd.cert.total': 'Kopā: {hours}',
  'pd.cert.approval': 'Programmas apstiprinājuma Nr. {number}',
  'pd.cert.issuedOn': 'Izsniegšanas datums: {date}',
  'pd.cert.verify': 'Apliecības derīgumu var pārbaudīt, noskenējot kodu vai atverot adresi:',
  'pd.cert.sample': 'PARAUGS',
} as const;
