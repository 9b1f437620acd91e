import { ErrorSummary } from "./field.tsx";

/** What an admin form's action said: its errors, or what it did. */
export function ActionFeedback({ errors, done }: { errors?: Record<string, string>; done?: string | null }) {
  return (
    <>
      <ErrorSummary errors={errors} />
      {done ? (
        <p className="notice ok" role="status">
          {done}
        </p>
      ) : null}
    </>
  );
}
