import { ExperimentSkeleton } from "../../../../components/page-skeleton.tsx";

export default function Loading() {
  return <ExperimentSkeleton />;
}
