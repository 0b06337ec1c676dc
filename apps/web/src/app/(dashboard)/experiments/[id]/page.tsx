import { ExperimentView } from "../../../../components/experiment/experiment-view.tsx";

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ExperimentView experimentId={id} />;
}
