import { RunSkeleton } from "../../../../components/page-skeleton.tsx";

export default function Loading() {
  return <RunSkeleton />;
}
