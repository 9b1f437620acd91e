import { useCallback, useEffect, useRef, useState } from "react";
import { chooseVoice, speechChunks } from "#app/domain/read-aloud.ts";
import { useLang, useT } from "./i18n.tsx";

/** The text of one part to read: what is shown, less what is marked `data-read-skip` (links to English sources). */
function readableText(el: HTMLElement): string {
  let text = el.innerText;
  for (const skip of el.querySelectorAll<HTMLElement>("[data-read-skip]")) {
    const s = skip.innerText;
    if (s) text = text.replace(s, "");
  }
  return text;
}

/**
 * Read aloud: plays the page's parts (`[data-read-aloud]` inside `#rootId`: sections,
 * questions, explanations) with the browser's speech synthesis, in the page's language, with
 * play/pause and a skip to the next part. Renders nothing on the server, without JavaScript,
 * and where the browser has no voice for the language (progressive enhancement).
 * Pausing stops the speech and remembers the sentence; playing again starts that sentence over
 * (speechSynthesis.pause() is unreliable on phones).
 */
export function ReadAloud({ rootId, nextLabel }: { rootId: string; nextLabel: string }) {
  const t = useT("worker");
  const lang = useLang();
  const [voice, setVoice] = useState<SpeechSynthesisVoice | undefined>(undefined);
  const [playing, setPlaying] = useState(false);
  const [position, setPosition] = useState({ part: 0, chunk: 0 });
  const [total, setTotal] = useState(0);
  // Each utterance belongs to one run; an utterance from a cancelled run (its "end" arrives
  // on cancel) does nothing.
  const run = useRef(0);

  useEffect(() => {
    if (typeof window === "undefined" || !("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") return;
    const synth = window.speechSynthesis;
    const pick = () => setVoice(chooseVoice(synth.getVoices(), lang));
    pick();
    synth.addEventListener?.("voiceschanged", pick);
    return () => {
      synth.removeEventListener?.("voiceschanged", pick);
      run.current++;
      synth.cancel();
    };
  }, [lang]);

  const parts = useCallback(() => [...(document.getElementById(rootId)?.querySelectorAll<HTMLElement>("[data-read-aloud]") ?? [])], [rootId]);

  const speak = useCallback(
    (part: number, chunk: number) => {
      const synth = window.speechSynthesis;
      const els = parts();
      setTotal(els.length);
      const mine = ++run.current;
      synth.cancel();
      for (const el of els) el.classList.remove("reading");
      // The next part with something to say, from `part`.
      let p = part;
      let c = chunk;
      let chunks = p < els.length ? speechChunks(readableText(els[p]!)) : [];
      while (p < els.length && c >= chunks.length) {
        p++;
        c = 0;
        chunks = p < els.length ? speechChunks(readableText(els[p]!)) : [];
      }
      if (p >= els.length || !voice) {
        setPlaying(false);
        setPosition({ part: 0, chunk: 0 });
        return;
      }
      setPlaying(true);
      setPosition({ part: p, chunk: c });
      els[p]!.classList.add("reading");
      if (c === 0) els[p]!.scrollIntoView?.({ block: "nearest" });
      const utterance = new SpeechSynthesisUtterance(chunks[c]!);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.onend = () => {
        if (run.current === mine) speak(p, c + 1);
      };
      utterance.onerror = utterance.onend;
      synth.speak(utterance);
    },
    [parts, voice],
  );

  if (!voice) return null;
  const pause = () => {
    run.current++;
    window.speechSynthesis.cancel();
    setPlaying(false);
  };
  return (
    <div className="read-aloud" role="group" aria-label={t("readAloud.label")}>
      <button type="button" className="button secondary" onClick={() => (playing ? pause() : speak(position.part, position.chunk))}>
        {playing ? t("readAloud.pause") : position.part > 0 || position.chunk > 0 ? t("readAloud.resume") : t("readAloud.play")}
      </button>
      <button type="button" className="button secondary" onClick={() => (playing ? speak(position.part + 1, 0) : setPosition({ part: position.part + 1, chunk: 0 }))}>
        {nextLabel}
      </button>
      {playing && total > 0 ? <span className="meta">{t("readAloud.progress", { index: position.part + 1, total })}</span> : null}
    </div>
  );
}
