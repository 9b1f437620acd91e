import { keepTogetherParts } from "#app/domain/keep-together.ts";

/** Text whose dates, phone and statute numbers never break at their hyphens (app/domain/keep-together.ts). */
export function KeepTogether({ text }: { text: string }) {
  return (
    <>
      {keepTogetherParts(text).map((p, i) =>
        p.keep ? (
          <span key={i} className="nowrap">
            {p.text}
          </span>
        ) : (
          p.text
        ),
      )}
    </>
  );
}
