/** A file for an organizer to download: an export, a report, a list of certificates. */
export interface Download {
  filename: string;
  contentType: string;
  body: Buffer;
}
