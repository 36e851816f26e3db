import { describe, expect, it } from "vitest";
import { SseParser, sseEvents } from "./sse.js";

const STREAM =
  'event: hello\ndata: {"run_id":"r"}\nretry: 1000\n\n' +
  ": a comment\n" +
  'event: log\nid: 1\ndata: {"seq":1}\n\n' +
  'event: log\r\nid: 2\r\ndata: {"seq":2}\r\n\r\n' +
  "data: first\ndata: second\n\n" +
  "event: status\rdata: {}\r\r";

describe("SseParser", () => {
  it("parses events, ids, retry, comments, multi-line data and every line ending", () => {
    const events = new SseParser().feed(STREAM);
    expect(events).toEqual([
      { event: "hello", data: '{"run_id":"r"}', id: null, retry: 1000 },
      { event: "log", data: '{"seq":1}', id: "1", retry: null },
      { event: "log", data: '{"seq":2}', id: "2", retry: null },
      { event: "message", data: "first\nsecond", id: null, retry: null },
      { event: "status", data: "{}", id: null, retry: null },
    ]);
  });

  it("gives the same events however the text is split, even between CR and LF", () => {
    const whole = new SseParser().feed(STREAM);
    for (let size = 1; size <= 7; size++) {
      const p = new SseParser();
      const got = [];
      for (let i = 0; i < STREAM.length; i += size) got.push(...p.feed(STREAM.slice(i, i + size)));
      expect(got).toEqual(whole);
    }
    // CRLF split exactly between CR and LF must not produce an empty line (an extra dispatch).
    const p = new SseParser();
    expect(p.feed("data: a\r")).toEqual([]);
    expect(p.feed("\ndata: b\r")).toEqual([]);
    expect(p.feed("\n\r\n")).toEqual([{ event: "message", data: "a\nb", id: null, retry: null }]);
  });

  it("drops a leading BOM, ignores unknown fields and events without data, keeps an incomplete event pending", () => {
    const p = new SseParser();
    expect(p.feed("\uFEFFevent: x\nfoo: bar\n\nid: 7\n\ndata: half")).toEqual([]);
    expect(p.feed("\n\n")).toEqual([{ event: "message", data: "half", id: null, retry: null }]);
    expect(new SseParser().feed("data\n\ndata:no-space\n\n")).toEqual([
      { event: "message", data: "", id: null, retry: null },
      { event: "message", data: "no-space", id: null, retry: null },
    ]);
  });
});

describe("sseEvents", () => {
  it("decodes UTF-8 split across chunks", async () => {
    const bytes = new TextEncoder().encode('event: log\ndata: {"line":"héllo ✓ 🎉"}\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const b of bytes) c.enqueue(new Uint8Array([b]));
        c.close();
      },
    });
    const got = [];
    for await (const ev of sseEvents(body)) got.push(ev);
    expect(got).toEqual([{ event: "log", data: '{"line":"héllo ✓ 🎉"}', id: null, retry: null }]);
  });
});
