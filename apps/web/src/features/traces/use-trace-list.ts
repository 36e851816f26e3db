import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../shared/api";
import { queryKeys } from "../../shared/query-keys";
import { filtersToQuery, type TraceFilters, type TraceListView } from "./filters";

/**
 * One numbered page of the filtered, sorted list, with the total count. Numbered pages (offset)
 * rather than cursors, so the page lives in the URL and "last" is one click.
 */
export function useTraceList(filters: TraceFilters, view: TraceListView) {
  const query = {
    ...filtersToQuery(filters, undefined, view.perPage),
    sort: view.sort,
    offset: (view.page - 1) * view.perPage,
    include_total: "true" as const,
  };
  return useQuery({
    queryKey: queryKeys.traceList(query),
    queryFn: () => api.traces.list(query),
    placeholderData: keepPreviousData,
  });
}
