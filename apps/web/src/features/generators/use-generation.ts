import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { GeneratorName } from "@tunix-rt/contracts";
import { useRef, useState } from "react";
import { queryKeys } from "../../shared/query-keys";
import { type GenerationRequest, runGeneration } from "./run-generation";

/** A chunked generation run with its progress; cancelling stops after the request in flight. */
export function useGeneration(name: GeneratorName) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const stop = useRef(false);
  const run = useMutation({
    mutationFn: (req: GenerationRequest) => {
      stop.current = false;
      return runGeneration(name, req, {
        onProgress: (done, total) => setProgress({ done, total }),
        shouldStop: () => stop.current,
      });
    },
    // New traces change trace lists and every dataset count; refresh them, even after a failure.
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.traces });
      void queryClient.invalidateQueries({ queryKey: ["datasets", "preview"] });
    },
  });
  return {
    run,
    progress,
    cancel: () => {
      stop.current = true;
    },
  };
}
