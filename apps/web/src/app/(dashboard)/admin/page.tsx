import { AdminView } from "../../../components/admin/admin-view.tsx";

export default function AdminPage() {
  return <AdminView />;
}
