/**
 * Previous/next buttons over a stack of keyset cursors (the API pages with `next_cursor`), shared
 * by the paginated lists. Test ids stay `<area>:prev`, `<area>:page`, `<area>:next`.
 */
export function CursorPager(props: {
  area: string;
  cursors: string[];
  setCursors: (cursors: string[]) => void;
  nextCursor: string | null | undefined;
  busy: boolean;
  prevLabel?: string;
  nextLabel?: string;
}) {
  const { area, cursors, setCursors, nextCursor } = props;
  if (cursors.length === 0 && !nextCursor) return null;
  return (
    <nav className="pager" aria-label="Pagination">
      <button
        type="button"
        className="btn btn-small"
        onClick={() => setCursors(cursors.slice(0, -1))}
        disabled={cursors.length === 0}
        data-testid={`${area}:prev`}
      >
        {props.prevLabel ?? "‹ Previous"}
      </button>
      <span className="muted" data-testid={`${area}:page`}>
        Page {cursors.length + 1}
      </span>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => nextCursor && setCursors([...cursors, nextCursor])}
        disabled={!nextCursor || props.busy}
        data-testid={`${area}:next`}
      >
        {props.nextLabel ?? "Next ›"}
      </button>
    </nav>
  );
}
