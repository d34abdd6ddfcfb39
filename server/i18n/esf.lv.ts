/**
 * ESF+ participant data: the registration form's questions, the privacy notice's section
 * and the participants report. Latvian, the source of the keys.
 */
export const esfLv = {
  'esf.form.heading': 'Dati Eiropas Sociālā fonda Plus pārskatam',
  'esf.form.intro':
    'Šo pasākumu līdzfinansē Eiropas Sociālais fonds Plus (ESF+), un fonds prasa ziņot, kas tajā piedalās. Fondam nododam tikai apkopotus skaitļus, nekad ziņas par atsevišķu cilvēku. Atbildēt nav obligāti: „Nevēlos norādīt” ir derīga atbilde.',
  'esf.form.privacyLink': 'Kā šos datus apstrādājam',
  'esf.q.gender': 'Dzimums',
  'esf.q.ageBand': 'Vecums',
  'esf.q.education': 'Augstākā iegūtā izglītība',
  'esf.q.employment': 'Nodarbinātība',
  'esf.a.gender.female': 'Sieviete',
  'esf.a.gender.male': 'Vīrietis',
  'esf.a.gender.other': 'Cits',
  'esf.a.gender.undisclosed': 'Nevēlos norādīt',
  'esf.a.ageBand.under18': 'Līdz 17 gadiem',
  'esf.a.ageBand.18-29': '18–29 gadi',
  'esf.a.ageBand.30-54': '30–54 gadi',
  'esf.a.ageBand.55+': '55 gadi vai vairāk',
  'esf.a.ageBand.undisclosed': 'Nevēlos norādīt',
  'esf.a.education.isced0-2': 'Pamatizglītība vai zemāka (ISCED 0–2)',
  'esf.a.education.isced3-4': 'Vidējā vai profesionālā izglītība (ISCED 3–4)',
  'esf.a.education.isced5-8': 'Augstākā izglītība (ISCED 5–8)',
  'esf.a.education.undisclosed': 'Nevēlos norādīt',
  'esf.a.employment.employed': 'Strādāju (arī kā pašnodarbinātā persona)',
  'esf.a.employment.unemployed': 'Nestrādāju un meklēju darbu',
  'esf.a.employment.inactive': 'Nestrādāju un nemeklēju darbu (piemēram, mācos vai esmu pensijā)',
  'esf.a.employment.undisclosed': 'Nevēlos norādīt',
  'esf.form.specialHeading': 'Nelabvēlīgas situācijas rādītāji (pēc jūsu izvēles)',
  'esf.form.specialIntro':
    'Fonds prasa ziņot arī, cik dalībnieku ir nelabvēlīgā situācijā. Šīs atbildes ir īpašu kategoriju personas dati (piemēram, par veselību vai etnisko izcelsmi), tāpēc tās saglabājam tikai ar jūsu skaidru piekrišanu. Bez tās no šīm atbildēm neko nesaglabājam, un reģistrācija notiek tāpat. Piekrišanu varat atsaukt jebkurā laikā.',
  'esf.form.specialConsent':
    'Piekrītu, ka manas atbildes uz turpmākajiem jautājumiem apstrādā ESF+ pārskatam (Vispārīgās datu aizsardzības regulas 9. panta 2. punkta a) apakšpunkts).',
  'esf.form.flagsHint': 'Uz katru jautājumu varat atbildēt „Nevēlos norādīt”.',
  'esf.flag.disability': 'Vai jums ir noteikta invaliditāte?',
  'esf.flag.thirdCountryNational':
    'Vai esat trešās valsts valstspiederīgā persona (jums nav nevienas Eiropas Savienības valsts pilsonības)?',
  'esf.flag.foreignOrigin': 'Vai esat ārvalstu izcelsmes persona (jūs vai abi jūsu vecāki esat dzimuši ārvalstīs)?',
  'esf.flag.minority': 'Vai piederat mazākumtautībai (tostarp marginalizētai kopienai, piemēram, romiem)?',
  'esf.flag.homeless': 'Vai esat bez pajumtes vai ciešat no mājokļu atstumtības?',
  'esf.flag.rural': 'Vai dzīvojat lauku apvidū?',
  'esf.flagAnswer.yes': 'Jā',
  'esf.flagAnswer.no': 'Nē',
  'esf.flagAnswer.undisclosed': 'Nevēlos norādīt',
  'field.not_asked': 'Šis pasākums dalībnieku datus ESF+ pārskatam neprasa; nesūtiet tos.',
  'field.special_consent_required':
    'Lai mēs saglabātu atbildes par nelabvēlīgu situāciju, atzīmējiet piekrišanu vai atstājiet visur „Nevēlos norādīt”.',

  'esf.withdraw.hint':
    'Jūs piekritāt, ka jūsu atbildes par nelabvēlīgu situāciju izmanto ESF+ pārskatam. Piekrišanu varat atsaukt: tad šīs atbildes dzēsīsim.',
  'esf.withdraw.link': 'Atsaukt piekrišanu un dzēst atbildes par nelabvēlīgu situāciju',
  'esf.withdraw.heading': 'Atsaukt piekrišanu par nelabvēlīgas situācijas datiem?',
  'esf.withdraw.what':
    'Jūsu atbildes par nelabvēlīgu situāciju un piekrišana tiks neatgriezeniski dzēstas. Reģistrācija, vietas un pārējās atbildes paliek.',
  'esf.withdraw.submit': 'Atsaukt piekrišanu un dzēst',
  'esf.withdraw.done': 'Piekrišana atsaukta, un jūsu atbildes par nelabvēlīgu situāciju ir dzēstas.',
  'esf.change.hint':
    'Savas atbildes ESF+ pārskatam (dzimums, vecums, izglītība, nodarbinātība un, ja piekritāt, nelabvēlīga situācija) varat mainīt jebkurā laikā.',
  'esf.change.link': 'Mainīt atbildes ESF+ pārskatam',
  'esf.change.heading': 'Jūsu atbildes ESF+ pārskatam',
  'esf.change.submit': 'Saglabāt atbildes',
  'esf.change.back': 'Atpakaļ uz reģistrāciju',
  'manage.done.participantData': 'Jūsu atbildes ESF+ pārskatam saglabātas.',
  'esf.privacy.heading': 'Dati Eiropas Sociālā fonda Plus (ESF+) pārskatam',
  'esf.privacy.purpose':
    'Nolūks: pasākumos, kurus līdzfinansē ESF+, reģistrācijas veidlapā jautājam dzimumu, vecumu, izglītību un nodarbinātību, lai fondam ziņotu, cik un kādi cilvēki programmas pasākumos piedalījušies (ESF+ kopējie rādītāji). Fondam un tā uzraugiem nododam tikai apkopotus skaitļus, nekad ziņas par atsevišķu cilvēku.',
  'esf.privacy.legalBasis':
    'Tiesiskais pamats: juridisks pienākums (Vispārīgās datu aizsardzības regulas 6. panta 1. punkta c) apakšpunkts) — Regulas (ES) 2021/1057 par Eiropas Sociālo fondu Plus 17. pants un I pielikums. Uz katru jautājumu varat atbildēt „Nevēlos norādīt”; tas reģistrāciju neietekmē.',
  'esf.privacy.special':
    'Jautājumi par nelabvēlīgu situāciju (invaliditāte, trešās valsts pilsonība, ārvalstu izcelsme, piederība mazākumtautībai, mājokļu atstumtība, dzīvošana lauku apvidū) skar īpašu kategoriju datus. Tos apstrādājam tikai ar jūsu skaidru piekrišanu (regulas 9. panta 2. punkta a) apakšpunkts), ko dodat ar atsevišķu atzīmi; bez tās no šīm atbildēm neko nesaglabājam. Piekrišanu varat atsaukt jebkurā laikā savas reģistrācijas lapā vai rakstot mums; tad šīs atbildes dzēšam.',
  'esf.privacy.retention':
    'Glabāšana: tikpat ilgi kā reģistrāciju, proti, pasākuma glabāšanas termiņu (sk. „Cik ilgi datus glabājam”), ko nosakām tā, lai tas aptvertu programmas pārskatu sniegšanu fondam. Kad šis termiņš beidzas, šos datus dzēšam pilnībā, arī atbildes par nelabvēlīgu situāciju, un turpmākajos pārskatos dalībnieks skaitīts kā „Nevēlos norādīt”. Ja dzēšat savu reģistrāciju, tie tiek dzēsti uzreiz.',

  'esf.report.heading': 'ESF+ dalībnieku pārskats',
  'esf.report.title': 'ESF+ dalībnieku pārskats',
  'esf.report.link': 'ESF+ dalībnieku pārskats',
  'esf.report.intro':
    'Dalībnieki ir cilvēki (pēc e-pasta adreses, bez lielo un mazo burtu atšķirības), kuriem ir atzīmēta dalība vismaz vienā pasākuma sesijā, kas nav atklātā plenārsesija. Katrs cilvēks pasākumā un kopsummā skaitīts vienreiz, pēc viņa jaunākajiem datiem; kas nav atbildējis, skaitīts kā „Nevēlos norādīt”. Pārskatā ir pasākumi, kuros ieslēgti dalībnieku dati ESF+ pārskatam.',
  'esf.report.none': 'Nevienā pasākumā nav ieslēgti dalībnieku dati ESF+ pārskatam.',
  'esf.report.activity': 'Pasākums',
  'esf.report.slug': 'Adrese',
  'esf.report.participants': 'Dalībnieki',
  'esf.report.total': 'Kopā (katrs cilvēks vienreiz)',
  'esf.report.disadvantages': 'Nelabvēlīgas situācijas rādītāji',
  'esf.report.disadvantagesHint':
    'Tikai ar dalībnieka skaidru piekrišanu; bez tās cilvēks skaitīts kā „Nevēlos norādīt”.',
  'esf.report.flag.disability': 'Personas ar invaliditāti',
  'esf.report.flag.thirdCountryNational': 'Trešo valstu valstspiederīgie',
  'esf.report.flag.foreignOrigin': 'Ārvalstu izcelsmes personas',
  'esf.report.flag.minority': 'Mazākumtautības (tostarp marginalizētas kopienas, piemēram, romi)',
  'esf.report.flag.homeless': 'Bezpajumtnieki vai personas, kas cieš no mājokļu atstumtības',
  'esf.report.flag.rural': 'Personas no lauku apvidiem',
  'esf.report.madeAt': 'Sagatavots',
  'esf.report.sheet': 'ESF+ dalībnieki',
  'esf.event.participantData': 'Jautāt dalībnieku datus ESF+ pārskatam (dzimums, vecums, izglītība, nodarbinātība)',
};
