/**
 * People who register by phone and have no e-mail: an organizer enters them with a phone
 * number, tells them their place or queue position, prints or later e-mails the
 * confirmation, and phones them when the queue gives them a place. Latvian, the source of
 * the keys.
 */
export const callersLv = {
  'form.phone': 'Tālruņa numurs',
  'field.invalid_phone': 'Ievadiet tālruņa numuru ar cipariem, piemēram, +371 20000000 vai 20000000.',
  'field.email_or_phone': 'Norādiet e-pasta adresi vai tālruņa numuru.',
  'error.reason.no_email':
    'Šim dalībniekam nav e-pasta adreses, tāpēc vēstuli nosūtīt nevar. Vispirms pievienojiet e-pastu.',
  'admin.phoneHint': 'Ja dalībniekam nav e-pasta, atstājiet e-pasta lauku tukšu un ierakstiet tālruņa numuru.',
  'admin.notice.placeGiven': 'Vieta piešķirta. Dalībnieks pievienots.',
  'admin.notice.queuePosition': 'Rindā {n}. vietā: brīvu vietu nebija, dalībnieks pievienots rindai.',
  'admin.notice.placeAndQueue': 'Vieta piešķirta, bet vienā sesijā dalībnieks ir rindā {n}. vietā.',
  'admin.notice.emailAdded': 'E-pasts pievienots; apstiprinājums ar saiti reģistrācijas pārvaldībai nosūtīts.',
  'admin.noEmail': 'nav e-pasta',
  'admin.caller.heading': 'Ko pateikt zvanītājam: {name}',
  'admin.caller.noEmail':
    'Dalībniekam nav e-pasta, tāpēc nekas netika nosūtīts. Pastāstiet to, kas rakstīts zemāk, vai izdrukājiet apstiprinājumu.',
  'admin.caller.tell': 'Pastāstiet zvanītājam',
  'admin.caller.placeGiven': 'Vieta piešķirta',
  'admin.caller.queuePosition': 'Rindā {n}. vietā',
  'admin.caller.next': 'Kas notiks tālāk',
  'admin.caller.nextPlace': 'Vieta paliek dalībniekam. Ja viņš nevarēs piedalīties, lai piezvana organizatoriem.',
  'admin.caller.nextQueue':
    'Ja vieta atbrīvosies, to piešķirs rindas kārtībā, un organizatori par to piezvanīs uz tālruni {phone}.',
  'admin.caller.nextEmail':
    'Kad dalībnieks paziņos e-pasta adresi, pievienojiet to dalībnieka lapā: tad viņam tiks nosūtīts apstiprinājums ar saiti reģistrācijas pārvaldībai.',
  'admin.caller.print': 'Drukāt apstiprinājumu',
  'admin.caller.printHint': 'Izdrukā būs tikai apstiprinājums, bez lapas izvēlnēm.',
  'admin.caller.toRegistrant': 'Uz dalībnieka lapu',
  'admin.caller.open': 'Ko pateikt zvanītājam un apstiprinājums drukāšanai',
  'admin.confirmation.heading': 'Reģistrācijas apstiprinājums',
  'admin.confirmation.person': 'Dalībnieks',
  'admin.confirmation.event': 'Pasākums',
  'admin.confirmation.madeAt': 'Reģistrēts',
  'admin.addEmail.heading': 'Pievienot e-pastu un nosūtīt apstiprinājumu',
  'admin.addEmail.what':
    'Dalībnieks reģistrēts bez e-pasta. Kad viņš paziņo adresi, ierakstiet to šeit: uz to tiks nosūtīts apstiprinājums ar saiti reģistrācijas pārvaldībai.',
  'admin.addEmail.submit': 'Pievienot e-pastu un nosūtīt apstiprinājumu',
  'admin.call.due': 'Piezvanīt: vieta piešķirta no rindas. E-pasta nav, tāpēc jāpaziņo pa tālruni {phone}.',
  'admin.call.dueShort': 'piezvanīt: vieta piešķirta',
  'admin.call.noPhone': 'nav norādīts',
  'admin.notice.callGiven': '{name}: e-pasta nav — par piešķirto vietu jāpaziņo pa tālruni {phone}.',
  'log.field.phone': 'tālruņa numurs',
  'admin.notice.callPeople': 'Bez e-pasta — piezvaniet: {people}',
  'admin.notice.callMany.one': '{n} dalībniekam nav e-pasta, tāpēc ziņa viņu nesasniedza — piezvaniet.',
  'admin.notice.callMany.zero': '{n} dalībniekiem nav e-pasta, tāpēc ziņa viņus nesasniedza — piezvaniet.',
  'admin.notice.callMany.other': '{n} dalībniekiem nav e-pasta, tāpēc ziņa viņus nesasniedza — piezvaniet.',
  'admin.notice.callManyLink': 'Dalībnieki bez e-pasta un viņu tālruņi',
  'admin.samePhone.warning': 'Šis tālruņa numurs jau ir reģistrēts: {people}. Vai tiešām pievienot vēl vienu?',
  'admin.samePhone.warningUnnamed':
    'Šis tālruņa numurs jau ir reģistrēts šajā pasākumā citā reģionā. Vai tiešām pievienot vēl vienu?',
  'admin.samePhone.confirm': 'Jā, pievienot vēl vienu dalībnieku ar šo tālruņa numuru',
  'error.reason.phone_registered':
    'Šis tālruņa numurs jau ir reģistrēts šajā pasākumā. Ja tas tiešām ir cits dalībnieks, apstipriniet, ka pievienojat vēl vienu.',
  'admin.contact': 'Saziņa',
  'admin.contact.phone': 'Tikai bez e-pasta (pa tālruni)',
  'admin.cancelSession.noEmail': 'Bez e-pasta (pēc atcelšanas parādīsim, kam piezvanīt): {n}',
} as const;
