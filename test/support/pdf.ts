import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Reading PDFs back as a person would: the text with poppler's pdftotext, a page as an
 * image with pdftoppm, its QR code with zbarimg. `.ci/run` installs poppler-utils and
 * zbar-tools; elsewhere tests that need them are skipped with a printed reason.
 */
export function pdfToolsAvailable(): boolean {
  const missing = ['pdftotext', 'pdftoppm', 'zbarimg'].filter(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0,
  );
  if (missing.length === 0) return true;
  const reason = `certificate tests need ${missing.join(', ')} (apt-get install -y poppler-utils zbar-tools)`;
  if (process.env.CI === 'true') throw new Error(`CI: ${reason}, and they are missing`);
  console.warn(`Skipping: ${reason}.`);
  return false;
}

function inTemp<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdf-test-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF, laid out as on the page. */
export function pdfText(pdf: Buffer): string {
  return inTemp((dir) => {
    const file = path.join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  });
}

/** How many pages a PDF has, and the size of the first in points. */
export function pdfInfo(pdf: Buffer): { pages: number; size: string } {
  return inTemp((dir) => {
    const file = path.join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return {
      pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0),
      size: /^Page size:\s+(.+)$/m.exec(info)?.[1]?.trim() ?? '',
    };
  });
}

/** The first page as a PNG (pdftoppm). */
export function pdfPagePng(pdf: Buffer, dpi = 120): Buffer {
  return inTemp((dir) => {
    const file = path.join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', file, path.join(dir, 'page')]);
    const png = readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.png'));
    if (!png) throw new Error('pdftoppm made no page');
    return readFileSync(path.join(dir, png));
  });
}

/** The QR codes zbarimg finds in a PNG. */
export function qrCodesIn(png: Buffer): string[] {
  return inTemp((dir) => {
    const file = path.join(dir, 'page.png');
    writeFileSync(file, png);
    const run = spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', file], { encoding: 'utf8' });
    return run.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  });
}
