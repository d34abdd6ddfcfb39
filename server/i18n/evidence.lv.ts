/**
 * Evidence the law and the funder accept: a teacher's professional-development record
 * (every valid certificate of an address) and the accessibility statement with its
 * evaluation protocol (Cabinet Regulation No. 445). Latvian, the source of the keys.
 */
export const evidenceLv = {
  // The accessibility statement.
  'a11y.nav': 'Piekļūstamības paziņojums',
  'a11y.heading': 'Piekļūstamības paziņojums',
  'a11y.intro':
    'Programmas „Skola. Vecāki. Bērni” organizatori saskaņā ar Ministru kabineta 2020. gada 14. jūlija noteikumiem Nr. 445 „Kārtība, kādā iestādes ievieto informāciju internetā” apņemas veidot šo reģistrācijas vietni piekļūstamu ikvienam, arī cilvēkiem ar redzes, dzirdes, kustību vai kognitīviem traucējumiem. Paziņojums attiecas uz visu vietni: pasākumu lapām, reģistrācijas veidlapām, dalībnieka lapām, apliecību lapām un organizatoru darba vidi.',
  'a11y.statusHeading': 'Cik piekļūstama ir šī vietne?',
  'a11y.statusLine.full':
    'Vietne pilnībā atbilst noteikumu Nr. 445 prasībām un tīmekļa satura piekļūstamības vadlīniju WCAG 2.1 AA līmenim (standarts EN 301 549).',
  'a11y.statusLine.partial':
    'Vietne daļēji atbilst noteikumu Nr. 445 prasībām un tīmekļa satura piekļūstamības vadlīniju WCAG 2.1 AA līmenim (standarts EN 301 549) zemāk uzskaitīto neatbilstību dēļ.',
  'a11y.statusLine.none':
    'Vietne neatbilst noteikumu Nr. 445 prasībām un tīmekļa satura piekļūstamības vadlīniju WCAG 2.1 AA līmenim (standarts EN 301 549) zemāk uzskaitīto neatbilstību dēļ.',
  'a11y.status.full': 'Pilnībā atbilst',
  'a11y.status.partial': 'Daļēji atbilst',
  'a11y.status.none': 'Neatbilst',
  'a11y.usage':
    'Lapas var lietot ar tastatūru vien, ar ekrāna lasītāju, palielinot tekstu līdz 200\u00a0% un mobilajā tālrunī; reģistrācija darbojas arī bez JavaScript.',
  'a11y.nonConformitiesHeading': 'Zināmās neatbilstības',
  'a11y.noNonConformities': 'Zināmu neatbilstību nav.',
  'a11y.evaluationHeading': 'Izvērtēšana',
  'a11y.evaluated': 'Vietne pēdējoreiz izvērtēta {date}. Izvērtēja: {by}.',
  'a11y.method':
    'Katras izmaiņas pārbauda automatizēti: visas publiskās un organizatoru lapas latviešu un angļu valodā īstā pārlūkā skenē ar rīku axe-core, un reģistrāciju izpilda tikai ar tastatūru. Papildus veicam manuālu pašnovērtējumu.',
  'a11y.protocolLead': 'Kas un kā tika pārbaudīts:',
  'a11y.protocolLink': 'izvērtēšanas protokols',
  'a11y.alternativesHeading': 'Piekļūstamības alternatīvas',
  'a11y.feedbackHeading': 'Atsauksmes un saziņa',
  'a11y.feedback':
    'Ja kāda lapas daļa jums nav pieejama vai pamanāt piekļūstamības trūkumu, sazinieties ar pasākuma organizatoriem. Atbildēsim 10 darba dienu laikā un, ja vajadzīgs, palīdzēsim reģistrēties citā veidā.',
  'a11y.feedbackContact':
    'Ja kāda lapas daļa jums nav pieejama vai pamanāt piekļūstamības trūkumu, rakstiet uz {email}. Atbildēsim 10 darba dienu laikā un, ja vajadzīgs, palīdzēsim reģistrēties citā veidā.',
  'a11y.phone': 'Tālrunis: {phone}.',
  'a11y.supervisorHeading': 'Uzraugošā iestāde',
  'a11y.supervisorIntro':
    'Ja atbilde jūs neapmierina, varat vērsties iestādē, kas uzrauga publiskā sektora tīmekļvietņu piekļūstamību:',
  'a11y.updated': 'Paziņojums pēdējoreiz atjaunināts {date}.',
  'a11y.notFilled': 'Organizatori šo sadaļu vēl nav aizpildījuši.',
  // Its evaluation protocol.
  'a11y.protocol.heading': 'Piekļūstamības izvērtēšanas protokols',
  'a11y.protocol.intro':
    'Vietne izvērtēta pēc vienkāršotās izvērtēšanas metodes: katrs no 11 piekļūstamības aspektiem pārbaudīts visās publiskajās un organizatoru lapās latviešu un angļu valodā, datora ekrānā un mobilā tālruņa ekrāna platumā (390 pikseļi).',
  'a11y.protocol.when': 'Vietne izvērtēta {date}. Izvērtēja: {by}.',
  'a11y.protocol.pages':
    'Izvērtētās lapas: pasākumu saraksts, pasākuma, semināra un kursa lapas, reģistrācijas veidlapas, dalībnieka lapa un tās apstiprinājuma soļi, tiešraides lapa, grupas reģistrācija, apliecību pārbaude un apliecību saraksts, privātuma un piekļūstamības paziņojumi, organizatoru darba vides lapas.',
  'a11y.protocol.aspect': 'Aspekts',
  'a11y.protocol.criteria': 'WCAG 2.1 kritēriji',
  'a11y.protocol.how': 'Kā pārbaudīts',
  'a11y.protocol.outcome': 'Atrastās neatbilstības un to alternatīvas ir norādītas piekļūstamības paziņojumā.',
  'a11y.protocol.back': 'Atpakaļ uz piekļūstamības paziņojumu',
  'a11y.aspect.navigation': 'Galvenā navigācija',
  'a11y.aspect.navigation.how':
    'Katras lapas galvenē ir vienāda navigācija un valodas pārslēgs, kājenē — saites uz paziņojumiem un apliecībām; pārbaudīts, pārlūkojot katru lapu.',
  'a11y.aspect.structure': 'Pamatstruktūra',
  'a11y.aspect.structure.how':
    'Lapām ir galvene, galvenais saturs un kājene un saite „Pāriet uz saturu”; HTML pārbaudīts ar html-validate, orientieri — ar axe-core.',
  'a11y.aspect.keyboard': 'Tastatūras piekļuve un vizuālais fokuss',
  'a11y.aspect.keyboard.how':
    'Automatizēts tests izpilda reģistrāciju tikai ar tastatūru; fokusa secība un redzamais fokuss pārbaudīti katrā veidlapā.',
  'a11y.aspect.forms': 'Formu lauki un kļūdu paziņojumi',
  'a11y.aspect.forms.how':
    'Katram laukam ir etiķete; kļūdas paziņojums nosauc lauku, ir piesaistīts laukam un apkopots lapas augšā; pārbaudīts ar axe-core un testiem, kas iesniedz kļūdainas veidlapas.',
  'a11y.aspect.images': 'Attēlu tekstuālā alternatīva',
  'a11y.aspect.images.how': 'Attēliem ir alternatīvais teksts, dekoratīvie attēli ir paslēpti; axe-core katrā lapā.',
  'a11y.aspect.headings': 'Virsraksti',
  'a11y.aspect.headings.how':
    'Katrai lapai ir viens galvenais virsraksts, virsrakstu līmeņi ir secīgi; axe-core katrā lapā.',
  'a11y.aspect.contrast': 'Krāsu kontrasti',
  'a11y.aspect.contrast.how':
    'Teksta kontrasts ir vismaz 4,5:1, vadīklu robežām — vismaz 3:1; axe-core katrā lapā abās valodās.',
  'a11y.aspect.zoom': 'Teksta izmēra tālummaiņa',
  'a11y.aspect.zoom.how':
    'Katra lapa pārbaudīta 390 pikseļu platumā (tas atbilst 400\u00a0% tālummaiņai): nekas neiziet ārpus ekrāna un nav jāritina uz sāniem.',
  'a11y.aspect.titles': 'Lapu nosaukumi',
  'a11y.aspect.titles.how': 'Katrai lapai ir savs nosaukums un norādīta tās valoda; axe-core katrā lapā.',
  'a11y.aspect.motion': 'Saturs, kas kustas, mirgo un zibsnī',
  'a11y.aspect.motion.how': 'Vietnē nav kustīga, mirgojoša vai pašas atjaunota satura; pārskatīts manuāli.',
  'a11y.aspect.media': 'Multimediju satura alternatīvas',
  'a11y.aspect.media.how':
    'Vietnē nav ierakstīta audio vai video satura; tiešraižu alternatīvas norādītas paziņojuma sadaļā „Piekļūstamības alternatīvas”; pārskatīts manuāli.',
  // Its editing in the back office.
  'a11y.admin.title': 'Piekļūstamības paziņojums',
  'a11y.admin.hint':
    'Šos laukus rāda publiskajā piekļūstamības paziņojumā (Ministru kabineta noteikumi Nr. 445); pārējais teksts ir nemainīgs.',
  'a11y.admin.saved': 'Piekļūstamības paziņojums saglabāts.',
  'a11y.admin.open': 'Skatīt publisko paziņojumu',
  'a11y.admin.oneALine': 'Katru neatbilstību rakstiet savā rindā. Ja neatbilstību nav, atstājiet tukšu.',
  'a11y.field.status': 'Atbilstības statuss',
  'a11y.field.nonConformitiesLv': 'Zināmās neatbilstības (latviski)',
  'a11y.field.nonConformitiesEn': 'Zināmās neatbilstības (angliski)',
  'a11y.field.alternativesLv': 'Piekļūstamības alternatīvas (latviski)',
  'a11y.field.alternativesEn': 'Piekļūstamības alternatīvas (angliski)',
  'a11y.field.evaluatedOn': 'Izvērtēšanas datums',
  'a11y.field.evaluatedByLv': 'Kas izvērtēja (latviski)',
  'a11y.field.evaluatedByEn': 'Kas izvērtēja (angliski)',
  'a11y.field.contactEmail': 'Saziņas e-pasts',
  'a11y.field.contactPhone': 'Saziņas tālrunis (nav obligāts)',
  'a11y.field.supervisorLv': 'Uzraugošā iestāde un tās kontakti (latviski)',
  'a11y.field.supervisorEn': 'Uzraugošā iestāde un tās kontakti (angliski)',
  'field.invalid_day': 'Ievadiet datumu.',

  // A teacher's professional-development record.
  'record.nav': 'Manas apliecības',
  'record.heading': 'Manas profesionālās pilnveides apliecības',
  'record.intro':
    'Ierakstiet e-pasta adresi, ar kuru reģistrējāties pasākumiem. Uz to nosūtīsim saiti uz visu šīs adreses derīgo apliecību sarakstu ar stundām, datumiem un numuriem. Saite darbosies 7 dienas.',
  'record.email': 'E-pasta adrese',
  'record.submit': 'Sūtīt saiti',
  'record.sentHeading': 'Pārbaudiet e-pastu',
  'record.sent': 'Ja šai adresei ir izsniegtas apliecības, saite uz to sarakstu jau ir ceļā. Saite darbosies 7 dienas.',
  'record.limit':
    'Vienai adresei stundā nosūtām ne vairāk kā trīs šādas vēstules. Ja vēstule dažu minūšu laikā nepienāk, pārbaudiet mēstuļu mapi.',
  'record.listHeading': 'Jūsu profesionālās pilnveides apliecības',
  'record.for': 'Derīgās apliecības, kas izsniegtas adresei {email}.',
  'record.col.number': 'Numurs',
  'record.col.holder': 'Vārds, uzvārds',
  'record.col.event': 'Pasākums',
  'record.col.dates': 'Datumi',
  'record.col.hours': 'Stundas',
  'record.col.issued': 'Izsniegta',
  'record.col.verify': 'Pārbaudes saite',
  'record.total': 'Kopā: {hours}',
  'record.lastThree': 'Pēdējos trīs gados: {hours}',
  'record.lastThreeHint':
    'Pedagogam trīs gados jāapgūst vismaz 36 stundas profesionālās kompetences pilnveides (Ministru kabineta noteikumi Nr. 569). Pēdējo trīs gadu stundās ieskaitām pasākumus, kas beigušies ne senāk kā pirms trim gadiem.',
  'record.none': 'Šai adresei derīgu apliecību nav.',
  'record.pdf': 'Lejupielādēt apliecību',
  'record.verify': 'Pārbaudīt',
  'record.downloadPdf': 'Lejupielādēt sarakstu PDF formātā',
  'record.downloadCsv': 'Lejupielādēt sarakstu tabulā (CSV)',
  'record.validUntil': 'Šī saite darbosies līdz {moment}.',
  'record.expiredHeading': 'Saite vairs nedarbojas',
  'record.expired':
    'Saite uz apliecību sarakstu darbojas 7 dienas. Šī saite ir beigusies vai nav pilnīga. Pieprasiet jaunu: tas aizņem minūti.',
  'record.askAgain': 'Pieprasīt jaunu saiti',
  'record.file': 'apliecibas',
  'record.pdf.title': 'Profesionālās pilnveides apliecību saraksts',
  'record.pdf.made': 'Sagatavots {date}.',
  'record.pdf.verifyNote': 'Katru apliecību var pārbaudīt pēc tās numura pārbaudes saitē.',
  'mail.pd_record.subject': 'Jūsu profesionālās pilnveides apliecības',
  'mail.pd_record.intro':
    'Lapā „Manas apliecības” tika pieprasīts šīs adreses apliecību saraksts. Sarakstu atvērsiet ar saiti zemāk.',
  'mail.pd_record.link': 'Atvērt apliecību sarakstu',
  'mail.pd_record.valid': 'Saite darbojas 7 dienas. Nepārsūtiet to citiem: tā rāda jūsu apliecības.',
  'mail.pd_record.notYou': 'Ja sarakstu nepieprasījāt jūs, neko darīt nevajag.',
  'message.kind.pd_record_link': 'saite uz apliecību sarakstu',
  'mail.certificate.record': 'Visas savas apliecības, arī citu pasākumu',
} as const;
