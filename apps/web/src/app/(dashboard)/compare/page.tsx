import { CompareView } from "../../../components/compare/compare-view.tsx";

export default function ComparePage() {
  return <CompareView />;
}
