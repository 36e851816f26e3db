import { createInterface } from "node:readline";
import { ApiError } from "@tunix-rt/client";
import type { RunDetail } from "@tunix-rt/contracts";
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { formatLogLine, formatRunEnd, formatStatusChange, serverFlag } from "../../output/format-runs.js";
import { useColor } from "../datasets/dataset-commands.js";
import { DEFAULT_SERVER, type TracesContext } from "../traces/cli-context.js";
import { describeError } from "../traces/errors.js";

/**
 * Output of a followed run, with a pause: while the Ctrl-C question is on screen, log lines and
 * status lines are held and printed after the answer, in order.
 */
class HeldOutput {
  private held: Array<[NodeJS.WriteStream, string]> | null = null;
  constructor(private readonly ctx: TracesContext) {}
  async out(line: string) {
    if (this.held) this.held.push([process.stdout, line]);
    else await this.ctx.write(`${line}\n`);
  }
  err(line: string) {
    if (this.held) this.held.push([process.stderr, line]);
    else process.stderr.write(`${line}\n`);
  }
  hold() {
    this.held ??= [];
  }
  /** Writes what is held right away (before exiting: nothing received is left unprinted). */
  flushNow() {
    const held = this.held ?? [];
    this.held = null;
    for (const [stream, line] of held) stream.write(`${line}\n`);
  }
  async release() {
    const held = this.held ?? [];
    this.held = null;
    for (const [stream, line] of held) {
      if (stream === process.stdout) await this.ctx.write(`${line}\n`);
      else process.stderr.write(`${line}\n`);
    }
  }
}

/** Asks on the terminal; null when the question was interrupted (Ctrl-C, Ctrl-D) or called off. */
function ask(question: string, callOff: AbortSignal): Promise<string | null> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    let done = false;
    const finish = (answer: string | null) => {
      if (done) return;
      done = true;
      callOff.removeEventListener("abort", onCallOff);
      rl.close();
      process.stdin.pause();
      resolve(answer);
    };
    const onCallOff = () => {
      process.stderr.write("\n");
      finish("");
    };
    callOff.addEventListener("abort", onCallOff, { once: true });
    rl.on("SIGINT", () => {
      process.stderr.write("\n");
      finish(null);
    });
    rl.on("close", () => finish(null));
    rl.question(question, (answer) => finish(answer));
  });
}

export interface FollowRunOptions {
  /** Lines after this seq (0: the whole log). */
  sinceSeq: number;
}

/**
 * Follows a run to its end: log lines on stdout (stderr lines marked), status changes and the
 * closing summary on stderr; with --json, NDJSON events on stdout (`log`, `status`, `metric`,
 * then `end` with the run). Exit code 0 only when the run completed.
 *
 * Ctrl-C: on a terminal it asks "Cancel run <id>? [y/N]"; y cancels and keeps following until the
 * run stops, a second Ctrl-C (or one while asked) detaches. Without a terminal it detaches at
 * once. Detaching leaves the run going and prints the command that picks the log up where it stopped.
 */
export async function followRun(ctx: TracesContext, runId: string, o: FollowRunOptions): Promise<number> {
  const flag = serverFlag(ctx.server, DEFAULT_SERVER);
  const out = new HeldOutput(ctx);
  const color = !ctx.json && useColor(process.stdout);
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  const runEnded = new AbortController();
  let lastSeq = o.sinceSeq;
  let status = "";
  let cancelAsked = false;
  let asking: Promise<void> | null = null;
  let reconnectNoted = false;

  const detach = () => {
    runEnded.abort();
    // Lines held while the question was up are printed, so --since-seq below leaves no gap.
    out.flushNow();
    process.stderr.write(
      `\ndetached: run ${runId} is still ${status || "going"} on the server\n` +
        `  pick the log up again: tunix-rt runs logs ${runId} -f --since-seq ${lastSeq}${flag}\n` +
        `  cancel it: tunix-rt runs cancel ${runId}${flag}\n`,
    );
    process.exit(130);
  };

  const askToCancel = async () => {
    out.hold();
    const answer = await ask(`\nCancel run ${runId}? [y/N] `, runEnded.signal);
    if (answer === null) return detach();
    if (/^\s*y(es)?\s*$/i.test(answer)) {
      cancelAsked = true;
      try {
        const r = await ctx.client.runs.cancel(runId);
        out.err(
          r.status === "cancelled"
            ? `run ${runId} cancelled`
            : `cancel requested: the trainer gets SIGTERM, then SIGKILL after the grace period; following until it stops (Ctrl-C again detaches)`,
        );
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) out.err(`run ${runId} has already ended`);
        else out.err(describeError(err, ctx.server));
      }
    } else if (!runEnded.signal.aborted) out.err("not cancelled; still following (Ctrl-C again asks again)");
    await out.release();
  };

  const onSigint = () => {
    if (asking) return;
    if (!interactive || cancelAsked) return detach();
    asking = askToCancel().finally(() => {
      asking = null;
    });
  };
  process.on("SIGINT", onSigint);

  const event = (value: unknown) => out.out(JSON.stringify(value));
  let result: { status: string; lastSeq: number };
  try {
    const stream = ctx.client.runs.follow(runId, { since: o.sinceSeq });
    for (;;) {
      const next = await stream.next();
      if (next.done) {
        result = next.value;
        break;
      }
      const ev = next.value;
      switch (ev.event) {
        case "log":
          lastSeq = ev.data.seq;
          if (ctx.json) await event({ event: "log", ...ev.data });
          else await out.out(formatLogLine(ev.data, color));
          break;
        case "status":
          status = ev.data.status;
          if (ctx.json) await event({ event: "status", ...ev.data });
          else if (!isTerminalStatus(ev.data.status)) out.err(formatStatusChange(runId, ev.data));
          break;
        case "metric":
          if (ctx.json) await event({ event: "metric", ...ev.data });
          break;
        case "reconnecting":
          if (ctx.json || reconnectNoted) break;
          reconnectNoted = true;
          out.err(
            `connection lost (${describeError(ev.data.error, ctx.server).replace(/^error: /, "")}); reconnecting, resuming after line ${ev.data.lastSeq}…`,
          );
          break;
        case "reconnected":
          if (!ctx.json) out.err(`reconnected; resuming after line ${ev.data.lastSeq}`);
          reconnectNoted = false;
          break;
      }
    }
  } finally {
    runEnded.abort();
    if (asking) await asking;
    process.removeListener("SIGINT", onSigint);
  }

  const run: RunDetail = await ctx.client.runs.get(runId);
  if (ctx.json) await event({ event: "end", run });
  else for (const line of formatRunEnd(run, flag)) out.err(line);
  return result.status === "completed" ? 0 : 1;
}
