// Files on Feishu/Lark through the real SDK (im.v1.file.create, then a "file" message) against the
// fake: the bytes arrive intact under a file_key that the message carries; Lark's refusals — an
// empty file, one above 30 MB, a message naming a file_key never uploaded — are typed errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformError } from "../../src/events/errors.ts";
import { createLarkClient, type LarkClient, sendUuid } from "../../src/lark/client.ts";
import { larkFileType, sendFile } from "../../src/lark/files.ts";
import { FakeLark } from "../helpers/fake-lark.ts";

const ANN = "ou_ann0000000000000000000000000001";
let fake: FakeLark;
let client: LarkClient;

beforeAll(async () => {
  fake = await new FakeLark().start();
  client = createLarkClient({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url });
});
afterAll(async () => {
  await fake.stop();
});

const file = (size: number, fileName = "book.xlsx") => ({
  fileName,
  contentType: "application/octet-stream",
  buffer: Buffer.from(Array.from({ length: size }, (_, i) => (i * 17 + 5) % 256)),
});

describe("im/v1/files against the fake Lark", () => {
  it("uploads the bytes intact and sends a file message with its file_key, once per uuid", async () => {
    const sent = file(5000);
    const first = await sendFile(client, { type: "open_id", id: ANN }, sent, sendUuid("report-file:x"));
    const again = await sendFile(client, { type: "open_id", id: ANN }, sent, sendUuid("report-file:x"));

    expect(again).toBe(first);
    const messages = fake.messages.filter((m) => m.receive_id === ANN);
    expect(messages).toHaveLength(1);
    const uploaded = fake.fileOf(messages[0]!)!;
    expect(uploaded).toMatchObject({ file_type: "xls", file_name: "book.xlsx" });
    expect(uploaded.data.equals(sent.buffer)).toBe(true);
  });

  it("names Lark's file types: spreadsheets are xls, anything unknown a stream", () => {
    expect(["a.xlsx", "a.xls", "a.csv", "a.pdf", "a.docx", "a"].map(larkFileType)).toEqual([
      "xls",
      "xls",
      "stream",
      "pdf",
      "doc",
      "stream",
    ]);
  });

  it("refuses a file above the limit (30 MB) and an empty one, sending no message", async () => {
    fake.fileSizeLimit = 4000;
    try {
      const before = fake.messages.length;
      const big = await sendFile(client, { type: "open_id", id: ANN }, file(4001), "u-big").catch((e) => e);
      expect(big).toBeInstanceOf(PlatformError);
      expect((big as PlatformError).code).toBe("234006");
      const empty = await sendFile(client, { type: "open_id", id: ANN }, file(0), "u-empty").catch((e) => e);
      expect((empty as PlatformError).code).toBe("234010");
      expect(fake.messages).toHaveLength(before);
    } finally {
      fake.fileSizeLimit = 30 * 1024 * 1024;
    }
  });

  it("refuses a file message whose file_key was never uploaded", async () => {
    const res = await client.im.v1.message
      .create({
        params: { receive_id_type: "open_id" },
        data: { receive_id: ANN, msg_type: "file", content: JSON.stringify({ file_key: "file_v3_unknown" }) },
      })
      .catch((e: { response?: { status?: number; data?: { code?: number } } }) => e.response);
    expect(res).toMatchObject({ status: 400, data: { code: 230001 } });
  });
});
