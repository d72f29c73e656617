// A file Pacer sends in chat (the month-end workbook, a chart picture): its name, content type and
// bytes, in memory. Slack uploads it with files.uploadV2 (src/slack/files.ts), Lark with
// im/v1/files and a "file" message (src/lark/files.ts).
import type { Text } from "../cards/model.ts";

export interface OutgoingFile {
  fileName: string;
  contentType: string;
  buffer: Buffer;
}

/** One chat message that carries a file. */
export interface FileMessage {
  file: OutgoingFile;
  /** The line that goes with it where the platform shows one (Slack's initial comment). */
  comment: Text;
  /**
   * Pictures that go along in the same message on a platform whose cards cannot draw charts
   * (Slack); Lark's cards draw their own, so its file message carries the file alone.
   */
  images?: OutgoingFile[];
}
