/** `npm run bench`: every benchmark, printed and written under bench/results/. */
import { benchMail, printMail, saveResult } from './mail.js';

const mail = await benchMail();
printMail(mail);
console.log(`written: ${saveResult('bench', { mail })}`);
