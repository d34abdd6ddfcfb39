/**
 * Scarce places and who holds them: address confirmation (held places), waitlist offers,
 * a registration coming again for an address, a coordinator's group. Latvian, the source
 * of the keys. `{moment}` is a moment in the locative ("2026. gada 7. decembrī, plkst. 15.30").
 */
export const placesLv = {
  'field.name_is_address': 'Ierakstiet vārdu un uzvārdu bez tīmekļa vai e-pasta adreses.',
  'error.offer_lapsed': 'Atbildes laiks ir beidzies: vieta pārgāja nākamajam rindā.',

  'mail.greetingPlain': 'Labdien!',
  'mail.seat.held': 'vieta rezervēta',
  'mail.seat.offered': 'vieta piedāvāta jums',
  'check.heading': 'Pārbaudiet e-pastu',
  'check.sent': 'Nosūtījām vēstuli uz {email}. Atveriet to un nospiediet „Apstiprināt reģistrāciju”.',
  'check.why':
    'Tā redzam, ka e-pasta adrese ir jūsu: neviens cits nevar ieņemt vietu ar jūsu adresi, un vieta nepaliek tukša cilvēkam, kurš nav sasniedzams.',
  'check.held': 'Vieta sesijā „{session}” ir rezervēta jums.',
  'check.heldSingle': 'Vieta nodarbībā „{session}” ir rezervēta jums.',
  'check.heldCourse': 'Vieta kursā ir rezervēta jums.',
  'check.holdEnds':
    'Rezervācija beigsies {moment}. Ja līdz tam reģistrāciju neapstiprināsiet, vieta pāries nākamajam rindā.',
  'check.waitlisted': 'Sesijā „{session}” brīvu vietu nav: jūs esat rindā {position}. vietā.',
  'check.waitlistedSingle': 'Nodarbībā „{session}” brīvu vietu nav: jūs esat rindā {position}. vietā.',
  'check.waitlistedCourse': 'Kursā brīvu vietu nav: jūs esat rindā {position}. vietā.',
  'check.waitEnds': 'Apstipriniet reģistrāciju, lai saglabātu vietu rindā: neapstiprināta tā beigsies {moment}.',
  'check.plenary': 'Jūsu vieta plenārsesijā „{session}” ir apstiprināta; tai apstiprinājums nav vajadzīgs.',
  'check.noMail': 'Ja vēstule dažu minūšu laikā nepienāk, pārbaudiet mēstuļu mapi.',
  'check.mailDropHeading': 'Kur atrast vēstuli šajā demonstrācijā',
  'check.mailDrop':
    'Šai vietnei nav pievienots pasta serveris, tāpēc vēstules netiek sūtītas: katra vēstule tiek saglabāta kā .eml fails mapē {dir} (jaunākā ir pēdējā). Administrators vēstules var izlasīt arī administrācijas sadaļā „E-pasti” ({path}).',
  'check.backToEvent': 'Atpakaļ uz pasākumu',

  'mail.address_confirm.subject': 'Apstipriniet reģistrāciju: {event}',
  'mail.address_confirm.intro': '{moment} ar šo e-pasta adresi tika pieteikta dalība pasākumā „{event}”.',
  'mail.address_confirm.held':
    'Vieta ir rezervēta. Lai to paturētu, apstipriniet reģistrāciju ar saiti šajā vēstulē — rezervācija beigsies {moment}.',
  'mail.address_confirm.waiting':
    'Brīvu vietu pašlaik nav, un reģistrācija ir rindā. Lai saglabātu vietu rindā, apstipriniet reģistrāciju: neapstiprināta tā beigsies {moment}.',
  'mail.address_confirm.promoted':
    'Atbrīvojās vieta, un tā ir rezervēta jums. Lai to paturētu, apstipriniet reģistrāciju ar saiti šajā vēstulē — rezervācija beigsies {moment}.',
  'mail.address_confirm.plenary':
    'Apstipriniet reģistrāciju, lai saņemtu apstiprinājumu ar kalendāra ielūgumu un atgādinājumus.',
  'mail.address_confirm.notYou':
    'Ja dalību nepieteicāt jūs, neko nedariet: bez apstiprinājuma jums netiks sūtīts nekas cits, un rezervētās vietas pāries nākamajiem rindā.',
  'mail.address_confirm.link': 'Apstiprināt reģistrāciju',

  'mail.registered_again.subject': 'Jūsu e-pasta adrese reģistrēta vēlreiz: {event}',
  'mail.registered_again.intro':
    '{moment} ar šo e-pasta adresi vēlreiz tika pieteikta dalība pasākumā „{event}”. Šai adresei reģistrācija jau ir (pieteikta {since}), tāpēc jauna netika izveidota un esošā nav mainīta.',
  'mail.registered_again.rotated':
    'Drošības labad iepriekšējā reģistrācijas saite vairs nedarbojas: jaunā ir šajā vēstulē. Ja kalendārā bijāt abonējis savas sesijas, abonējiet tās vēlreiz no jaunās saites.',
  'mail.registered_again.same': 'Jūsu reģistrācijas saite ir šajā vēstulē; tā nav mainījusies.',
  'mail.registered_again.notYou':
    'Ja šo reģistrāciju veicāt jūs, viss ir kārtībā. Ja ne, atveriet saiti: tur varat reģistrāciju apskatīt un, ja tā nav jūsu, atcelt.',
  'mail.registered_again.link': 'Atvērt reģistrāciju',

  'mail.place_offered.subject': 'Atbrīvojās vieta: {session}',
  'mail.place_offered.intro': 'Sesijā „{session}” atbrīvojās vieta, un tā ir rezervēta jums.',
  'mail.place_offered.introCourse': 'Kursā „{session}” atbrīvojās vieta, un tā ir rezervēta jums.',
  'mail.place_offered.how':
    'Lai vietu saņemtu, atveriet saiti un nospiediet „Pieņemt vietu”. Ja vieta jums vairs nav vajadzīga, atsakieties no tās: tā uzreiz pāries nākamajam rindā.',
  'mail.place_offered.deadline': 'Ja neatbildēsiet, vieta {moment} pāries nākamajam rindā.',
  'mail.place_offered.link': 'Pieņemt vai atteikties',

  'mail.offer_lapsed.subject': 'Piedāvātā vieta pārgāja nākamajam: {session}',
  'mail.offer_lapsed.intro':
    'Jūs līdz noteiktajam laikam neatbildējāt uz piedāvājumu, tāpēc vieta pārgāja nākamajam rindā. Šīs sesijas rindā jūs vairs neesat.',

  'manage.confirm.heading': 'Apstipriniet reģistrāciju',
  'manage.confirm.intro':
    'Reģistrācija vēl nav apstiprināta. Nospiediet pogu, lai apliecinātu, ka e-pasta adrese {email} ir jūsu.',
  'manage.confirm.holdEnds': 'Rezervācija beigsies {moment}.',
  'manage.confirm.submit': 'Apstiprināt reģistrāciju',
  'manage.confirm.notYou':
    'Ja dalību nepieteicāt jūs, atceliet reģistrāciju šīs lapas beigās vai vienkārši neko nedariet: bez apstiprinājuma rezervētās vietas pāries citiem.',
  'manage.done.confirmed':
    'Paldies, reģistrācija apstiprināta! Apstiprinājumu ar kalendāra ielūgumu nosūtījām uz jūsu e-pastu.',
  'manage.done.confirmedLapsed':
    'E-pasta adrese apstiprināta, taču rezervācijas laiks bija beidzies, un vietas pārgāja nākamajiem rindā. Zemāk varat pieteikties vēlreiz.',
  'manage.status.held': 'Vieta rezervēta',
  'manage.status.offered': 'Vieta piedāvāta jums',
  'manage.offer.intro': 'Atbrīvojās vieta, un tā ir rezervēta jums. Pieņemiet to vai atsakieties.',
  'manage.offer.accept': 'Pieņemt vietu',
  'manage.offer.decline': 'Atteikties no vietas',
  'manage.offer.deadline': 'Ja neatbildēsiet, vieta {moment} pāries nākamajam rindā.',
  'manage.done.accepted': 'Vieta ir jūsu. Apstiprinājumu ar kalendāra ielūgumu nosūtījām uz jūsu e-pastu.',
  'manage.done.declined': 'Jūs atteicāties no vietas; tā pārgāja nākamajam rindā.',
  'confirm.decline.heading': 'Atteikties no piedāvātās vietas: {session}?',
  'confirm.decline.what': 'Vieta uzreiz pāries nākamajam rindā, un jūs vairs nebūsiet šīs sesijas rindā.',
  'confirm.decline.course': 'Vieta uzreiz pāries nākamajam rindā, un jūsu reģistrācija kursam tiks atcelta.',
  'confirm.decline.submit': 'Jā, atteikties no vietas',
  'admin.places.link': 'Vietas un rinda',
  'admin.places.heading': 'Vietas un rinda: {event}',
  'admin.places.intro':
    'Kā šis pasākums piešķir vietas, kuru ir maz: vai jaunas reģistrācijas vietu tikai rezervē līdz e-pasta adreses apstiprinājumam un kā atbrīvota vieta nonāk pie nākamā rindā. Izmaiņas attiecas uz turpmāko: jau rezervētas un piedāvātas vietas saglabā savu termiņu.',
  'admin.places.confirmation': 'E-pasta adreses apstiprinājums',
  'admin.places.confirmationHint':
    'Ja apstiprinājums ir ieslēgts, darbnīcu un semināru vietas tiek rezervētas, līdz dalībnieks apstiprina reģistrāciju no e-pasta; neapstiprinātas vietas pēc noteiktā laika pāriet nākamajiem rindā. Plenārsesijai apstiprinājums nav vajadzīgs.',
  'admin.places.confirmation.server': 'Kā visā vietnē (tagad {state})',
  'admin.places.confirmation.on': 'Ieslēgts',
  'admin.places.confirmation.off': 'Izslēgts: vieta tiek apstiprināta uzreiz',
  'admin.places.stateOn': 'ieslēgts',
  'admin.places.stateOff': 'izslēgts',
  'admin.places.holdMinutes': 'Cik ilgi rezervētā vieta gaida apstiprinājumu (minūtes)',
  'admin.places.holdMinutesHint': 'No 1 līdz 1440 (24 stundas); parasti 60.',
  'admin.places.waitlist': 'Kad vieta atbrīvojas',
  'admin.places.waitlist.auto': 'Vieta uzreiz tiek apstiprināta pirmajam rindā',
  'admin.places.waitlist.offer': 'Vieta tiek piedāvāta pirmajam rindā, un viņš to pieņem vai no tās atsakās',
  'admin.places.offerHours': 'Cik ilgi piedāvātā vieta gaida atbildi (stundas)',
  'admin.places.offerHoursHint': 'No 1 līdz 168 (7 dienas), bet ne ilgāk kā līdz sesijas sākumam.',
  'admin.places.back': 'Atpakaļ uz pasākumu',
  'admin.notice.placesSaved': 'Vietu iestatījumi saglabāti.',
  'manage.heldEnds': 'Rezervācija beigsies {moment}.',
  'mail.registerAgain': 'Reģistrēties vēlreiz',
  'mail.group_registered.subject': 'Grupas reģistrācija: {event}',
  'mail.group_registered.intro':
    'Šī e-pasta adrese norādīta kā koordinatora adrese grupas reģistrācijai pasākumam „{event}”. Grupas dalībnieki un viņu vietas:',
  'mail.group_registered.waitingConfirm': 'gaida dalībnieka apstiprinājumu',
  'mail.group_registered.awaiting':
    'Katram dalībniekam nosūtījām vēstuli uz viņa adresi. Vieta ir rezervēta, līdz dalībnieks apstiprina reģistrāciju no savas vēstules; neapstiprinātas vietas pāriet nākamajiem rindā.',
  'mail.group_registered.sent': 'Katram dalībniekam nosūtījām apstiprinājumu un saiti uz viņa reģistrāciju.',
  'mail.group_registered.notAdded': 'Šīs adreses jau bija reģistrētas, tāpēc otrreiz netika pievienotas: {emails}.',
  'mail.group_registered.page':
    'Grupas lapā līdz pasākuma sākumam varat nomainīt dalībnieku, pievienot vai atcelt dalībniekus. Ja grupu nereģistrējāt jūs, varat to neievērot.',
  'mail.group_registered.link': 'Atvērt grupas lapu',
  'mail.group_swapped_out.subject': 'Jūsu vieta nodota citam dalībniekam: {event}',
  'mail.group_swapped_out.intro':
    '{moment} grupas koordinators jūsu vietu pasākumā „{event}” nodeva citam dalībniekam. Jūsu reģistrācijas saite vairs nedarbojas, un kalendāra ielūgums ir atcelts.',
  'mail.group_swapped_out.again': 'Ja tā ir kļūda, sazinieties ar koordinatoru vai reģistrējieties vēlreiz.',

  'group.link': 'Reģistrēt grupu (skolas koordinatoram)',
  'group.heading': 'Grupas reģistrācija: {event}',
  'group.intro':
    'Skolas koordinators vienā reizē var pieteikt līdz 30 kolēģiem. Katrs dalībnieks saņems savu vēstuli un saiti. Vietas tiek piešķirtas saraksta secībā pēc tiem pašiem noteikumiem kā ikvienam: ja brīvu vietu pietiek tikai daļai, pārējie nonāk rindā tādā pašā secībā.',
  'group.coordinator': 'Koordinators',
  'group.coordinatorName': 'Koordinatora vārds, uzvārds',
  'group.coordinatorEmail': 'Koordinatora e-pasta adrese',
  'group.coordinatorEmailHint': 'Uz šo adresi nosūtīsim grupas lapas saiti.',
  'group.institution': 'Skola vai cita iestāde',
  'group.people': 'Dalībnieki',
  'group.peopleHint': 'Aizpildiet tik rindu, cik cilvēku piesakāt; tukšās rindas netiek ņemtas vērā.',
  'group.person': '{n}. dalībnieks',
  'group.personName': 'Vārds, uzvārds',
  'group.personEmail': 'E-pasta adrese',
  'group.personSession': 'Darbnīca vai seminārs',
  'group.moreRows': 'Pievienot vēl 5 rindas',
  'group.consent': 'Apliecinu, ka dalībnieki piekrīt savu datu apstrādei atbilstoši privātuma paziņojumam.',
  'group.submit': 'Reģistrēt grupu',
  'field.duplicate_in_group': 'Šī adrese sarakstā jau ir.',
  'field.no_people': 'Ierakstiet vismaz vienu dalībnieku.',
  'group.sent.heading': 'Grupa reģistrēta',
  'group.sent.coordinator': 'Grupas lapas saiti nosūtījām uz {email}.',
  'group.sent.people':
    'Katram dalībniekam nosūtījām vēstuli uz viņa adresi: vieta ir rezervēta, līdz dalībnieks apstiprina reģistrāciju no savas vēstules.',
  'group.page.heading': 'Grupa: {event}',
  'group.page.coordinator': 'Koordinators',
  'group.page.people': 'Dalībnieki',
  'group.page.waitingConfirm': 'Gaida dalībnieka apstiprinājumu',
  'group.page.notAdded': 'Jau bija reģistrēti, tāpēc netika pievienoti otrreiz',
  'group.page.swap': 'Nomainīt dalībnieku',
  'group.page.swapHint':
    'Vieta paliek; iepriekšējā dalībnieka saite beigs darboties, un viņš saņems paziņojumu. Jaunais dalībnieks saņems savu saiti.',
  'group.page.swapSubmit': 'Nomainīt',
  'group.page.cancel': 'Atcelt dalību',
  'group.page.add': 'Pievienot dalībniekus',
  'group.page.addSubmit': 'Pievienot',
  'group.page.closed': 'Pasākums ir sācies: grupu vairs nevar mainīt.',
  'group.page.cancelled': 'Dalība atcelta',
  'group.done.swapped': 'Dalībnieks nomainīts.',
  'group.done.added': 'Dalībnieki pievienoti.',
  'group.done.cancelled': 'Dalība atcelta; vieta nodota nākamajam rindā.',
  'group.done.created': 'Grupa reģistrēta. Katram dalībniekam nosūtījām apstiprinājumu un saiti.',
  'group.cancel.heading': 'Atcelt dalību: {name}?',
  'group.cancel.what': 'Dalībnieka vietas tiks nodotas nākamajiem rindā, un viņš saņems paziņojumu.',
  'group.cancel.submit': 'Jā, atcelt dalību',
  'group.cancel.back': 'Nē, atgriezties pie grupas',
  'addressAction.heading.cancel': 'Atcelt reģistrāciju?',
  'addressAction.heading.erase': 'Dzēst reģistrāciju un datus?',
  'addressAction.sent':
    'Jums ir izsniegta apliecība, tāpēc atcelšanu vai dzēšanu apstiprina e-pasta adreses īpašnieks: nosūtījām saiti uz {email}. Kamēr saite nav atvērta un poga nospiesta, reģistrācija paliek tāda pati.',
  'addressAction.what.cancel':
    'Reģistrācija pasākumam „{event}” tiks atcelta, un jūsu vietas pāries nākamajiem rindā. Izsniegtā apliecība paliek derīga.',
  'addressAction.what.erase':
    'Jūsu reģistrācija pasākumam „{event}” tiks atcelta, un jūsu vārds un e-pasta adrese tiks dzēsti. Izsniegtās apliecības netiks atsauktas: tās paliek izsniegto apliecību reģistrā ar vārdu, uzvārdu, stundām un datumiem, kā izsniegtas, un ir pārbaudāmas pēc numura. Pēc dzēšanas neviena jūsu saite uz tām vairs neved, tāpēc lejupielādējiet tās tagad:',
  'addressAction.submit.cancel': 'Jā, atcelt reģistrāciju',
  'addressAction.submit.erase': 'Jā, dzēst manu reģistrāciju un datus',
  'addressAction.keep': 'Nē, paturēt reģistrāciju',
  'addressAction.done.cancel': 'Reģistrācija atcelta.',
  'addressAction.done.erase': 'Jūsu reģistrācija un dati ir dzēsti.',
  'mail.address_action.subject.cancel': 'Apstipriniet reģistrācijas atcelšanu: {event}',
  'mail.address_action.subject.erase': 'Apstipriniet datu dzēšanu: {event}',
  'mail.address_action.intro.cancel':
    '{moment} tika lūgts atcelt jūsu reģistrāciju pasākumam „{event}”. Jums ir izsniegta apliecība, tāpēc to var apstiprināt tikai šīs e-pasta adreses īpašnieks.',
  'mail.address_action.intro.erase':
    '{moment} tika lūgts dzēst jūsu reģistrāciju un datus pasākumam „{event}”. Jums ir izsniegta apliecība, tāpēc to var apstiprināt tikai šīs e-pasta adreses īpašnieks.',
  'mail.address_action.certificatesKept':
    'Izsniegtās apliecības netiks atsauktas: tās paliek izsniegto apliecību reģistrā. Apstiprinājuma lapā tās varat lejupielādēt pirms dzēšanas.',
  'mail.address_action.valid': 'Saite darbojas 24 stundas.',
  'mail.address_action.notYou':
    'Ja to nelūdzāt jūs, neko nedariet: reģistrācija paliek, kā ir. Iespējams, jūsu reģistrācijas saite ir kādam citam; reģistrācijas lapā varat pieprasīt jaunu saiti.',
  'mail.address_action.link': 'Apstiprināt',
  'manage.offer.heading': 'Jums piedāvāta vieta',
  'manage.offer.banner': 'Atbrīvojās vieta, un tā ir rezervēta jums: {session}.',
  'manage.offer.answer': 'Pieņemt vai atteikties',
  'group.region': 'Dalībnieku reģions',
} as const;
