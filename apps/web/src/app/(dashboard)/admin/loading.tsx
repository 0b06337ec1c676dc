import { GenericSkeleton } from "../../../components/page-skeleton.tsx";

export default function Loading() {
  return <GenericSkeleton />;
}
