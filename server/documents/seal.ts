import { createHash, createPrivateKey, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import type Forge from 'node-forge';

/**
 * The organisation's electronic seal on certificate PDFs: a PAdES baseline signature
 * (SubFilter ETSI.CAdES.detached). @signpdf/signpdf finds the placeholder pdf.ts leaves,
 * fills in the byte range and embeds what `CadesSigner` makes: a detached CMS SignedData
 * whose signed attributes are content type, message digest and signing-certificate-v2 (no
 * signing-time: PAdES takes the time from the signature dictionary's /M), optionally with
 * an RFC 3161 signature time-stamp as an unsigned attribute. The key and certificates are
 * read once at start-up (a PKCS#12 file, as OpenSSL 3 writes it: AES-256-CBC, PBKDF2, or
 * PEM files); the signature itself is Node's crypto (RSA or EC).
 */

type Asn1 = Forge.asn1.Asn1;
// node-forge and @signpdf/signpdf (~10 MB resident) are loaded only when a seal is set.
let forge: typeof Forge;
let asn1: typeof Forge.asn1;
let pdfSigner: SignPdf;
function loadLibraries(): void {
  if (pdfSigner) return;
  const require = createRequire(import.meta.url);
  forge = require('node-forge') as typeof Forge;
  asn1 = forge.asn1;
  pdfSigner = new (require('@signpdf/signpdf') as typeof import('@signpdf/signpdf')).SignPdf();
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

/** A key the seal cannot use, or files it cannot read: `variable` names the setting to fix. */
export class SealError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

export interface SealFiles {
  /** CERTIFICATE_SIGNING_P12 */
  p12?: string;
  /** CERTIFICATE_SIGNING_KEY (PEM) */
  keyPem?: string;
  /** CERTIFICATE_SIGNING_CHAIN (PEM: the seal's certificate first, then its issuers) */
  chainPem?: string;
  /** CERTIFICATE_SIGNING_PASSWORD: of the PKCS#12 file or an encrypted PEM key */
  password?: string;
  /** CERTIFICATE_TSA_URL */
  tsaUrl?: string;
}

/** What pdf.ts needs to seal a certificate. */
export interface CertificateSeal {
  /** The seal's holder, from its certificate (the signature's /Name). */
  name: string;
  /** Bytes to reserve for the signature (hex takes twice as many). */
  signatureLength: number;
  /** Fills the placeholder of a PDF rendered for sealing. */
  seal(pdf: Buffer): Promise<Buffer>;
}

const oid = (id: string): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
const seq = (items: Asn1[]): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: Asn1[]): Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const octets = (b: Buffer): Asn1 =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, b.toString('binary'));
const integer = (n: number): Asn1 =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const explicit = (tag: number, items: Asn1[]): Asn1 => asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, items);
const fromDer = (b: Buffer): Asn1 => asn1.fromDer(forge.util.createBuffer(b.toString('binary')));
const toDer = (a: Asn1): Buffer => Buffer.from(asn1.toDer(a).getBytes(), 'binary');
const attribute = (type: string, value: Asn1): Asn1 => seq([oid(type), set([value])]);
const sha256 = (b: Buffer): Buffer => createHash('sha256').update(b).digest();

/** A DER SET OF sorts its elements by their encodings. */
function derSetOf(items: Asn1[]): Asn1[] {
  return items
    .map((a) => ({ a, der: toDer(a) }))
    .sort((x, y) => Buffer.compare(x.der, y.der))
    .map((x) => x.a);
}

/** The issuer Name and serialNumber of a certificate, as they stand in its DER. */
function issuerAndSerial(certDer: Buffer): { issuer: Asn1; serial: Asn1 } {
  const tbs = (fromDer(certDer).value as Asn1[])[0];
  const fields = (tbs?.value ?? []) as Asn1[];
  // tbsCertificate: [0] version (explicit, optional), serialNumber, signature, issuer, …
  const at = fields[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const serial = fields[at];
  const issuer = fields[at + 2];
  if (!serial || !issuer) throw new Error('not an X.509 certificate');
  return { issuer, serial };
}

/** Makes the CMS SignedData of a PAdES baseline signature. */
class CadesSigner extends Signer {
  constructor(
    private readonly key: KeyObject,
    private readonly chain: readonly Buffer[],
    private readonly tsaUrl: string | undefined,
  ) {
    super();
  }

  override async sign(pdf: Buffer): Promise<Buffer> {
    const [leaf] = this.chain;
    if (!leaf) throw new Error('no certificate');
    const sha256Alg = seq([oid(OID.sha256)]);
    const { issuer, serial } = issuerAndSerial(leaf);
    const essCertIdV2 = seq([
      // hashAlgorithm is SHA-256, the default, so left out (DER).
      octets(sha256(leaf)),
      seq([seq([explicit(4, [issuer])]), serial]),
    ]);
    const signedAttrs = derSetOf([
      attribute(OID.contentType, oid(OID.data)),
      attribute(OID.messageDigest, octets(sha256(pdf))),
      attribute(OID.signingCertificateV2, seq([seq([essCertIdV2])])),
    ]);
    const isEc = this.key.asymmetricKeyType === 'ec';
    const signature = sign('sha256', toDer(set(signedAttrs)), this.key);
    const signerInfo: Asn1[] = [
      integer(1),
      seq([issuer, serial]),
      sha256Alg,
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, signedAttrs),
      isEc ? seq([oid(OID.ecdsaWithSha256)]) : seq([oid(OID.rsaEncryption), asn1.create(0, asn1.Type.NULL, false, '')]),
      octets(signature),
    ];
    if (this.tsaUrl) {
      const token = await timeStampToken(this.tsaUrl, signature);
      signerInfo.push(
        asn1.create(asn1.Class.CONTEXT_SPECIFIC, 1, true, [attribute(OID.signatureTimeStampToken, fromDer(token))]),
      );
    }
    const signedData = seq([
      integer(1),
      set([sha256Alg]),
      seq([oid(OID.data)]),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, this.chain.map(fromDer)),
      set([seq(signerInfo)]),
    ]);
    return toDer(seq([oid(OID.signedData), explicit(0, [signedData])]));
  }
}

/**
 * An RFC 3161 time-stamp token over the signature value, from the time-stamping authority
 * at `url` (a nonce, and the TSA's certificate asked for).
 */
async function timeStampToken(url: string, signature: Buffer): Promise<Buffer> {
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] ?? 0) & 0x7f;
  const request = toDer(
    seq([
      integer(1),
      seq([seq([oid(OID.sha256)]), octets(sha256(signature))]),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, nonce.toString('binary')),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BOOLEAN, false, '\xff'),
    ]),
  );
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/timestamp-query' },
    body: new Uint8Array(request),
    signal: AbortSignal.timeout(20_000),
  });
  if (!res.ok) throw new Error(`time-stamping authority answered ${res.status}`);
  const answer = fromDer(Buffer.from(await res.arrayBuffer()));
  const [statusInfo, token] = answer.value as Asn1[];
  const status = ((statusInfo?.value as Asn1[] | undefined)?.[0]?.value as string | undefined) ?? '\xff';
  // PKIStatus granted (0) or grantedWithMods (1).
  if (!token || status.charCodeAt(status.length - 1) > 1) throw new Error('time-stamping authority refused');
  return toDer(token);
}

/** PEM certificates in file order, as DER. */
function pemCertificates(pem: string): Buffer[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map(
    (m) => new X509Certificate(m[0]).raw,
  );
}

const MAC_DIGESTS: Record<string, () => Forge.md.MessageDigest> = {
  '1.3.14.3.2.26': () => forge.md.sha1.create(),
  '2.16.840.1.101.3.4.2.1': () => forge.md.sha256.create(),
  '2.16.840.1.101.3.4.2.2': () => forge.md.sha384.create(),
  '2.16.840.1.101.3.4.2.3': () => forge.md.sha512.create(),
};

/**
 * A PKCS#12 file opened with a password that is not ASCII. OpenSSL derives the MAC key
 * from the password as BMPString (UTF-16) but the PBES2 keys from its UTF-8 bytes; forge
 * hands one string to both. So the MAC is checked here with the UTF-16 password, then
 * forge decrypts the bags with the UTF-8 bytes (PBES2), or the text itself (the older
 * PKCS#12 PBE schemes, which are UTF-16 again).
 */
function openNonAscii(pfx: Asn1, password: string): Forge.pkcs12.Pkcs12Pfx {
  const [version, authSafe, macData] = pfx.value as Asn1[];
  if (macData) {
    const [digestInfo, salt, iterations] = macData.value as Asn1[];
    const [algorithm, digest] = (digestInfo?.value ?? []) as Asn1[];
    const algorithmOid = asn1.derToOid(
      forge.util.createBuffer(((algorithm?.value as Asn1[])[0]?.value ?? '') as string),
    );
    const md = MAC_DIGESTS[algorithmOid]?.();
    if (!md) throw new Error(`unsupported MAC ${algorithmOid}`);
    const content = ((authSafe?.value as Asn1[])[1]?.value as Asn1[])[0];
    const data = Array.isArray(content?.value)
      ? content.value.map((part) => part.value as string).join('')
      : ((content?.value ?? '') as string);
    const rounds = iterations ? asn1.derToInteger(forge.util.createBuffer(iterations.value as string)) : 1;
    const key = forge.pkcs12.generateKey(
      password,
      forge.util.createBuffer(salt?.value as string),
      3,
      rounds,
      md.digestLength,
      md,
    );
    const hmac = forge.hmac.create();
    hmac.start(md, key);
    hmac.update(data);
    if (hmac.digest().getBytes() !== digest?.value) throw new Error('PKCS#12 MAC could not be verified');
  }
  const withoutMac = seq([version as Asn1, authSafe as Asn1]);
  try {
    return forge.pkcs12.pkcs12FromAsn1(withoutMac, false, forge.util.encodeUtf8(password));
  } catch {
    return forge.pkcs12.pkcs12FromAsn1(withoutMac, false, password);
  }
}

/** The key and its certificates from a PKCS#12 file (forge reads PBES2/AES-256 and SHA-256 MACs). */
function fromP12(file: string, password: string): { key: KeyObject; certs: Buffer[] } {
  let p12: Forge.pkcs12.Pkcs12Pfx;
  try {
    const pfx = fromDer(readFileSync(file));
    p12 = /^[\u0000-\u007f]*$/.test(password)
      ? forge.pkcs12.pkcs12FromAsn1(pfx, false, password)
      : openNonAscii(pfx, password);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/MAC|password|decrypt/i.test(message)) {
      throw new SealError('CERTIFICATE_SIGNING_PASSWORD', 'does not open CERTIFICATE_SIGNING_P12 (wrong password?)');
    }
    throw new SealError('CERTIFICATE_SIGNING_P12', `cannot be read as a PKCS#12 file (${message})`);
  }
  const keyBagType = forge.pki.oids.pkcs8ShroudedKeyBag as string;
  const certBagType = forge.pki.oids.certBag as string;
  const keyBags = p12.getBags({ bagType: keyBagType })[keyBagType];
  const keyBag = keyBags?.[0];
  if (!keyBag) throw new SealError('CERTIFICATE_SIGNING_P12', 'holds no private key');
  // The decrypted PrivateKeyInfo as DER: RSA and EC alike (forge itself knows only RSA keys).
  const keyDer = keyBag.asn1 ? toDer(keyBag.asn1) : null;
  const key = keyDer
    ? createPrivateKey({ key: keyDer, format: 'der', type: 'pkcs8' })
    : createPrivateKey(forge.pki.privateKeyToPem(keyBag.key as Forge.pki.rsa.PrivateKey));
  const certBags = p12.getBags({ bagType: certBagType })[certBagType] ?? [];
  const certs = certBags.flatMap((b: Forge.pkcs12.Bag) => {
    if (b.cert) return [toDer(forge.pki.certificateToAsn1(b.cert))];
    // A certificate forge cannot read (an EC key): its ASN.1 as it came.
    return b.asn1 ? [toDer(b.asn1)] : [];
  });
  return { key, certs };
}

function fromPem(keyFile: string, chainFile: string, password: string | undefined) {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: readFileSync(keyFile), passphrase: password });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (password !== undefined && /decrypt|bad/i.test(message)) {
      throw new SealError('CERTIFICATE_SIGNING_PASSWORD', 'does not open CERTIFICATE_SIGNING_KEY (wrong password?)');
    }
    throw new SealError('CERTIFICATE_SIGNING_KEY', `cannot be read as a PEM private key (${message})`);
  }
  let certs: Buffer[];
  try {
    certs = pemCertificates(readFileSync(chainFile, 'utf8'));
  } catch (err) {
    throw new SealError('CERTIFICATE_SIGNING_CHAIN', `cannot be read (${err instanceof Error ? err.message : err})`);
  }
  if (certs.length === 0) throw new SealError('CERTIFICATE_SIGNING_CHAIN', 'holds no PEM certificate');
  return { key, certs };
}

/**
 * The seal from the settings, or null when none is set. Throws a SealError naming the
 * variable to fix when a file cannot be read, the password is wrong or no certificate
 * matches the key.
 */
export function loadSeal(files: SealFiles): CertificateSeal | null {
  if (!files.p12 && !files.keyPem) return null;
  loadLibraries();
  const source = files.p12 ? 'CERTIFICATE_SIGNING_P12' : 'CERTIFICATE_SIGNING_CHAIN';
  if (files.p12 && files.password === undefined) {
    throw new SealError('CERTIFICATE_SIGNING_PASSWORD', 'must be set with CERTIFICATE_SIGNING_P12');
  }
  if (files.keyPem && !files.chainPem) {
    throw new SealError('CERTIFICATE_SIGNING_CHAIN', 'must be set with CERTIFICATE_SIGNING_KEY');
  }
  let loaded: { key: KeyObject; certs: Buffer[] };
  if (files.p12) {
    try {
      readFileSync(files.p12);
    } catch (err) {
      throw new SealError('CERTIFICATE_SIGNING_P12', `cannot be read (${err instanceof Error ? err.message : err})`);
    }
    loaded = fromP12(files.p12, files.password ?? '');
  } else {
    loaded = fromPem(files.keyPem ?? '', files.chainPem ?? '', files.password);
  }
  const { key } = loaded;
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
    throw new SealError(
      files.p12 ? 'CERTIFICATE_SIGNING_P12' : 'CERTIFICATE_SIGNING_KEY',
      'must hold an RSA or EC key',
    );
  }
  // The seal's own certificate first, then the rest of the chain.
  const leafIndex = loaded.certs.findIndex((der) => new X509Certificate(der).checkPrivateKey(key));
  if (leafIndex < 0) throw new SealError(source, 'holds no certificate for the private key');
  const certs = [loaded.certs[leafIndex] as Buffer, ...loaded.certs.filter((_, i) => i !== leafIndex)];
  const leaf = new X509Certificate(certs[0] as Buffer);
  const name = /(?:^|\n)CN=([^\n]+)/.exec(leaf.subject)?.[1] ?? leaf.subject;
  const signer = new CadesSigner(key, certs, files.tsaUrl);
  const chainBytes = certs.reduce((n, c) => n + c.length, 0);
  return {
    name,
    // The chain, the signature and attributes, and room for a time-stamp token with its own chain.
    signatureLength: chainBytes + 2048 + (files.tsaUrl ? 8192 : 0),
    seal: (pdf) => pdfSigner.sign(pdf, signer),
  };
}
