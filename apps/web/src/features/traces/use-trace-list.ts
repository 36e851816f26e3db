import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../shared/api";
import { queryKeys } from "../../shared/query-keys";
import { filtersToQuery, type TraceFilters } from "./filters";

export const PAGE_SIZE = 20;

/**
 * One page of the filtered list. Keyset pagination only goes forward, so "previous" pops a stack
 * of the cursors that led here; the stack resets whenever the filters change.
 */
export function useTraceList(filters: TraceFilters) {
  const filterKey = JSON.stringify(filters);
  const [pages, setPages] = useState<{ key: string; cursors: string[] }>({ key: filterKey, cursors: [] });
  const cursors = pages.key === filterKey ? pages.cursors : [];
  const cursor = cursors[cursors.length - 1];
  const query = filtersToQuery(filters, cursor, PAGE_SIZE);

  const list = useQuery({
    queryKey: queryKeys.traceList(query),
    queryFn: () => api.traces.list(query),
    placeholderData: keepPreviousData,
  });

  const nextCursor = list.data?.pagination.next_cursor ?? null;
  return {
    list,
    pageNumber: cursors.length + 1,
    hasPrevious: cursors.length > 0,
    hasNext: nextCursor !== null && !list.isPlaceholderData,
    next: () => {
      if (nextCursor) setPages({ key: filterKey, cursors: [...cursors, nextCursor] });
    },
    previous: () => setPages({ key: filterKey, cursors: cursors.slice(0, -1) }),
    first: () => setPages({ key: filterKey, cursors: [] }),
  };
}
