// Files on Lark: the bytes go up with im/v1/files (multipart: file_type, file_name, file → a
// file_key; at most 30 MB), then a message with msg_type "file" and content {"file_key": …}. The
// upload itself shows nothing to anyone, so a repeated upload is harmless; the message carries the
// uuid, so Lark drops a repeat of it within the hour (as for cards).
import type { OutgoingFile } from "../outgoing-file.ts";
import type { LarkClient, ReceiveIdType } from "./client.ts";
import { classifyLarkError } from "./errors.ts";
import { PlatformError } from "../events/errors.ts";

/** Lark's file types: spreadsheets are "xls", anything it has no type for is "stream". */
export function larkFileType(fileName: string): "pdf" | "doc" | "xls" | "ppt" | "stream" {
  const ext = fileName.toLowerCase().split(".").pop() ?? "";
  if (ext === "xls" || ext === "xlsx") return "xls";
  if (ext === "doc" || ext === "docx") return "doc";
  if (ext === "ppt" || ext === "pptx") return "ppt";
  if (ext === "pdf") return "pdf";
  return "stream";
}

export async function uploadFile(client: LarkClient, file: OutgoingFile): Promise<string> {
  let res: { file_key?: string } | null;
  try {
    res = await client.im.v1.file.create({
      data: { file_type: larkFileType(file.fileName), file_name: file.fileName, file: file.buffer },
    });
  } catch (error) {
    throw classifyLarkError(error);
  }
  if (!res?.file_key) throw new PlatformError("lark", "no_file_key", true, "im/v1/files answered without a file_key");
  return res.file_key;
}

/** Uploads the file and sends it as a "file" message; returns the message id. */
export async function sendFile(
  client: LarkClient,
  to: { type: ReceiveIdType; id: string },
  file: OutgoingFile,
  uuid: string,
): Promise<string> {
  const fileKey = await uploadFile(client, file);
  let res: { code?: number; msg?: string; data?: { message_id?: string } };
  try {
    res = await client.im.v1.message.create({
      params: { receive_id_type: to.type },
      data: { receive_id: to.id, msg_type: "file", content: JSON.stringify({ file_key: fileKey }), uuid },
    });
  } catch (error) {
    throw classifyLarkError(error);
  }
  if (typeof res?.code === "number" && res.code !== 0) throw classifyLarkError(res);
  return res.data?.message_id ?? "";
}
