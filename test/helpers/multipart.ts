// Reads a multipart/form-data body the way a platform's upload endpoint does: each part's name,
// its file name when it is a file, and its bytes (kept as they arrived — the fakes check them).
export interface FormPart {
  name: string;
  fileName?: string;
  data: Buffer;
}

/** The parts of a multipart body, or null when the content type is not multipart/form-data. */
export function parseMultipart(body: Buffer, contentType: string): FormPart[] | null {
  const match = /^multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!match) return null;
  const delimiter = Buffer.from(`--${match[1] ?? match[2]}`);
  const parts: FormPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const headerStart = start + delimiter.length;
    // "--" after a delimiter ends the body.
    if (body.subarray(headerStart, headerStart + 2).toString() === "--") break;
    const headerEnd = body.indexOf("\r\n\r\n", headerStart);
    if (headerEnd === -1) break;
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next === -1) break;
    const headers = body.subarray(headerStart, headerEnd).toString("utf8");
    const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? "";
    const fileName = /filename="([^"]*)"/i.exec(headers)?.[1];
    // The part's data ends with the CRLF that precedes the next delimiter.
    const data = body.subarray(headerEnd + 4, next - 2);
    parts.push({ name, ...(fileName === undefined ? {} : { fileName }), data: Buffer.from(data) });
    start = next;
  }
  return parts;
}
