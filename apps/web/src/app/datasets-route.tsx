import { useNavigate, useSearchParams } from "react-router";
import { BuildDatasetForm } from "../features/datasets/build-form";
import { type BuildForm, URL_FIELDS } from "../features/datasets/build-request";
import { DatasetList } from "../features/datasets/dataset-list";
import "../features/datasets/datasets.css";

/** /datasets: the versions built so far, and the form that builds a new one. */
export function DatasetsRoute() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // ?source=arithmetic (from the Generators page) prefills the form.
  const initial: Partial<BuildForm> = {};
  for (const k of URL_FIELDS) {
    const v = params.get(k);
    if (v) initial[k] = v;
  }

  return (
    <div className="datasets-page">
      <title>Datasets · tunix-rt</title>
      <section className="card" aria-labelledby="datasets-h">
        <h1 id="datasets-h" className="card-title">
          Datasets
        </h1>
        <DatasetList />
      </section>
      <section className="card">
        <BuildDatasetForm
          key={params.toString()}
          initial={initial}
          onBuilt={(key) => navigate(`/datasets/${encodeURIComponent(key)}`)}
        />
      </section>
    </div>
  );
}
