import { memo, useDeferredValue, useEffect, useLayoutEffect, useRef, useState } from "react";
import { formatCount } from "../../../shared/format";
import { highlightParts, type LogBuffer, LogFilter, type LogLine, visibleRange } from "./log-buffer";
import type { Connection } from "./use-run-logs";

/** Every row is this tall (CSS: .log-line), which is what makes windowing exact and cheap. */
export const ROW_HEIGHT = 20;
const DEFAULT_HEIGHT = 440;
const lines = (n: number) => `${formatCount(n)} ${n === 1 ? "line" : "lines"}`;

interface Props {
  buffer: LogBuffer;
  /** The buffer's version when it last changed: a new value re-renders the visible rows. */
  version: number;
  connection: Connection;
  onReconnect: () => void;
  downloadUrl: string;
}

/**
 * A run's log: only the rows in view are in the DOM (fixed row height, a spacer as tall as all
 * lines), so 100,000+ lines scroll as smoothly as 100. Follows new lines until the user scrolls up;
 * "Jump to latest" follows again. Search filters the lines and counts the matches.
 */
export function LogViewer({ buffer, version, connection, onReconnect, downloadUrl }: Props) {
  const [query, setQuery] = useState("");
  const [stderrOnly, setStderrOnly] = useState(false);
  const search = useDeferredValue(query);
  const [filter] = useState(() => new LogFilter());
  const filtering = !LogFilter.isEmpty(search, stderrOnly);
  const matches = filtering ? filter.update(buffer, search, stderrOnly) : null;
  const total = matches ? matches.length : buffer.size;

  const scroller = useRef<HTMLDivElement>(null);
  const lastScrollTop = useRef(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(DEFAULT_HEIGHT);
  const [follow, setFollow] = useState(true);

  // Following: every new line (or a narrower filter) keeps the view at the bottom, before paint.
  // biome-ignore lint/correctness/useExhaustiveDependencies: version and total are the triggers.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [follow, total, version]);

  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => setViewHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= ROW_HEIGHT;
    // Only a move up stops following: lines arriving never move scrollTop by themselves.
    if (atBottom) setFollow(true);
    else if (el.scrollTop < lastScrollTop.current) setFollow(false);
    lastScrollTop.current = el.scrollTop;
  };

  const { first, last } = visibleRange(scrollTop, viewHeight, ROW_HEIGHT, total);
  const rows: LogLine[] = [];
  for (let i = first; i < last; i++) {
    const line = buffer.lines[matches ? matches[i]! : i];
    if (line) rows.push(line);
  }

  return (
    <div className="log-viewer" data-testid="run:logs">
      <div className="log-toolbar">
        <label className="visually-hidden" htmlFor="log-search">
          Search the log
        </label>
        <input
          id="log-search"
          type="search"
          className="log-search"
          placeholder="Search the log…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="run:log-search"
        />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={stderrOnly}
            onChange={(e) => setStderrOnly(e.target.checked)}
            data-testid="run:log-stderr-only"
          />
          stderr only
        </label>
        <span className="muted small" data-testid="run:log-count" aria-live="polite">
          {matches ? `${formatCount(matches.length)} of ${lines(buffer.size)} match` : lines(buffer.size)}
        </span>
        <ConnectionBadge connection={connection} onReconnect={onReconnect} />
        <a className="btn btn-small push-right" href={downloadUrl} download data-testid="run:logs-download">
          ⤓ logs.txt
        </a>
      </div>
      {buffer.dropped > 0 && (
        <p className="muted small" data-testid="run:log-dropped">
          The first {formatCount(buffer.dropped)} lines are not kept here; logs.txt has all of them.
        </p>
      )}
      <div className="log-frame">
        <div
          ref={scroller}
          className="log-scroll"
          onScroll={onScroll}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls with the keyboard.
          tabIndex={0}
          role="log"
          aria-label="Run log"
          data-testid="run:log-scroll"
        >
          <div className="log-spacer" style={{ height: total * ROW_HEIGHT }}>
            <div className="log-rows" style={{ transform: `translateY(${first * ROW_HEIGHT}px)` }}>
              {rows.map((l) => (
                <LogRow key={l.seq} line={l} query={search} />
              ))}
            </div>
          </div>
          {total === 0 && (
            <p className="log-empty muted" data-testid="run:log-empty">
              {filtering
                ? "No line matches."
                : connection.state === "ended"
                  ? "The run wrote no output."
                  : "Waiting for output…"}
            </p>
          )}
        </div>
        {!follow && (
          <button
            type="button"
            className="btn btn-small log-jump"
            onClick={() => setFollow(true)}
            data-testid="run:log-jump"
          >
            ↓ Jump to latest
          </button>
        )}
      </div>
    </div>
  );
}

const LogRow = memo(function LogRow({ line, query }: { line: LogLine; query: string }) {
  return (
    <div
      className={`log-line log-${line.stream}`}
      data-testid="run:log-line"
      data-seq={line.seq}
      data-stream={line.stream}
      title={line.stream === "stderr" ? `stderr · ${line.t}` : line.t}
    >
      <span className="log-seq">{line.seq}</span>
      <span className="log-mark">{line.stream === "stderr" ? "err" : ""}</span>
      <span className="log-text">
        {highlightParts(line.line, query).map((p, i) =>
          p.match ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable line.
            <mark key={i}>{p.text}</mark>
          ) : (
            p.text
          ),
        )}
      </span>
    </div>
  );
});

const STATE_TEXT = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  ended: "Complete",
} as const;

function ConnectionBadge({ connection, onReconnect }: { connection: Connection; onReconnect: () => void }) {
  const { state, retryInMs, drops } = connection;
  return (
    <span
      className={`conn conn-${state}`}
      data-testid="run:log-connection"
      data-state={state}
      data-connections={connection.connections}
      data-drops={drops}
    >
      <span className="conn-dot" aria-hidden="true" />
      <span title={drops > 0 ? `dropped ${drops}× and resumed after the last line received` : undefined}>
        {STATE_TEXT[state]}
        {state === "reconnecting" && retryInMs !== null && ` (in ${Math.ceil(retryInMs / 1000)} s)`}
      </span>
      {state === "reconnecting" && (
        <button
          type="button"
          className="btn btn-small btn-ghost"
          onClick={onReconnect}
          data-testid="run:log-reconnect"
        >
          Reconnect now
        </button>
      )}
    </span>
  );
}
