/** `npm run bench`: every benchmark, printed and written under bench/results/. */
import { benchHttp, printHttp } from './http.js';
import { benchMail, printMail, saveResult } from './mail.js';

const http = await benchHttp();
printHttp(http);
const mail = await benchMail();
printMail(mail);
console.log(`written: ${saveResult('bench', { http, mail })}`);
if (!http.rush.ok) process.exitCode = 1;
