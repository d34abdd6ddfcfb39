/** `npm run bench`: every benchmark, printed and written under bench/results/. */
import { benchAccept, printAccept } from './accept.js';
import { benchHttp, printHttp } from './http.js';
import { benchCertificates, printCertificates } from './certificates.js';
import { benchMail, printMail, saveResult } from './mail.js';
import { benchNginx, printNginx } from './nginx.js';
import { benchPlaces, printPlaces } from './places.js';
import { benchScale, printScale } from './scale.js';

const http = await benchHttp();
printHttp(http);

// --- nginx in front (deploy/nginx/skola.conf): the event page during a refresh storm and
// the rush, through the proxy, against the same baseline. Skipped with a notice when
// nginx is not installed. Its own fresh apps: a rush needs an empty programme.
const nginx = await benchNginx();
printNginx(nginx);
// --- end nginx

// Scarce places: the rush with address confirmation on against off, and the confirm clicks.
const places = await benchPlaces();
printPlaces(places);

// A 20,000 rush against the 5,000 one, request logs on, PostgreSQL with two workers.
const scale = await benchScale();
printScale(scale);

// Why the 5,000 rush's slowest answers take seconds: the accept crawl of a busy server.
const accept = await benchAccept();
printAccept(accept);

const mail = await benchMail();
printMail(mail);

// Certificates for 1,000 people: issued and e-mailed with their PDFs; peak RSS ≤ 200 MB.
const certificates = await benchCertificates();
printCertificates(certificates);
// The same with every PDF sealed (PAdES, an RSA-2048 key from a PKCS#12 file).
const sealedCertificates = await benchCertificates(undefined, { seal: true });
printCertificates(sealedCertificates);
console.log(
  `written: ${saveResult('bench', { http, nginx, places, scale, accept, mail, certificates, sealedCertificates })}`,
);
if (!http.rush.ok || !certificates.met || !sealedCertificates.met || !places.met) process.exitCode = 1;
