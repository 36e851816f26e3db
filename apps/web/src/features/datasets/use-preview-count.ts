import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../shared/api";
import { queryKeys } from "../../shared/query-keys";
import { useDebouncedValue } from "../../shared/use-debounced-value";
import { type BuildForm, selectionBody } from "./build-request";

const DEBOUNCE_MS = 300;

/** The live matching/selected count for the form's filters, asked for once typing pauses. */
export function usePreviewCount(form: BuildForm) {
  // Debounce the JSON text, not the object: a new object each render would never settle.
  const json = JSON.stringify(selectionBody(form));
  const debounced = useDebouncedValue(json, DEBOUNCE_MS);
  const preview = useQuery({
    queryKey: queryKeys.datasetPreview(debounced),
    queryFn: () => api.datasets.preview(JSON.parse(debounced)),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  return { preview, settling: json !== debounced || preview.isFetching };
}
