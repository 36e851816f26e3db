import { createBrowserRouter, Navigate } from "react-router";
import { CompareRoute } from "./compare-route";
import { DatasetRoute } from "./dataset-route";
import { DatasetsRoute } from "./datasets-route";
import { EvalsRoute } from "./evals-route";
import { EvaluationRoute } from "./evaluation-route";
import { GeneratorsRoute } from "./generators-route";
import { Layout } from "./layout";
import { LeaderboardRoute } from "./leaderboard-route";
import { ModelCompareRoute } from "./model-compare-route";
import { ModelRoute } from "./model-route";
import { ModelsRoute } from "./models-route";
import { NotFound } from "./not-found";
import { RunRoute } from "./run-route";
import { RunsCompareRoute } from "./runs-compare-route";
import { RunsRoute } from "./runs-route";
import { TracesRoute } from "./traces-route";

export const router = createBrowserRouter([
  {
    path: "/",
    element: <Layout />,
    children: [
      { index: true, element: <Navigate to="/traces" replace /> },
      { path: "traces", element: <TracesRoute /> },
      { path: "traces/:id", element: <TracesRoute /> },
      { path: "compare", element: <CompareRoute /> },
      { path: "datasets", element: <DatasetsRoute /> },
      { path: "datasets/:key", element: <DatasetRoute /> },
      { path: "generators", element: <GeneratorsRoute /> },
      { path: "runs", element: <RunsRoute /> },
      { path: "runs/compare", element: <RunsCompareRoute /> },
      { path: "runs/:id", element: <RunRoute /> },
      { path: "evals", element: <EvalsRoute /> },
      { path: "evals/compare", element: <ModelCompareRoute /> },
      { path: "leaderboard", element: <LeaderboardRoute /> },
      { path: "models", element: <ModelsRoute /> },
      { path: "models/:name", element: <ModelRoute /> },
      { path: "evals/:id", element: <EvaluationRoute /> },
      { path: "*", element: <NotFound /> },
    ],
  },
]);
