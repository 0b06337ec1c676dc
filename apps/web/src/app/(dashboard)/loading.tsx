import { QueueSkeleton } from "../../components/page-skeleton.tsx";

export default function Loading() {
  return <QueueSkeleton />;
}
