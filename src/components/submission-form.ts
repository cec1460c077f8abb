import { fieldErrors, submissionEditSchema, submissionInputSchema } from '../lib/submissions/schema.ts';

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * Validates the story form as the visitor types, with the server's own zod schema: a field's
 * message shows once it has been left (or the form was sent), and the form is not sent while
 * something is wrong. Without JavaScript the server does the same and answers with the form.
 */
export function enhanceStoryForm(form: HTMLFormElement): void {
  const schema = form.dataset.mode === 'edit' ? submissionEditSchema : submissionInputSchema;
  const touched = new Set<string>();
  // After a first attempt to send, every field shows its message.
  let attempted = false;
  const story = form.querySelector<HTMLTextAreaElement>('#story');
  const count = form.querySelector<HTMLElement>('[data-count-for="story"]');
  const photo = form.querySelector<HTMLInputElement>('#photo');

  function errors(): Record<string, string> {
    const data = new FormData(form);
    const values = Object.fromEntries([...data.entries()].filter(([, value]) => typeof value === 'string'));
    const result = schema.safeParse(values);
    const found = result.success ? {} : fieldErrors(result.error.issues);
    const file = photo?.files?.[0];
    if (file && !PHOTO_TYPES.includes(file.type)) found.photo = 'Choose a JPEG, PNG or WebP image (up to 5 MB).';
    else if (file && file.size > Number(photo!.dataset.maxBytes)) found.photo = 'This photo is larger than 5 MB: choose a smaller one.';
    return found;
  }

  function show(all: boolean): Record<string, string> {
    const found = errors();
    for (const slot of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
      const field = slot.dataset.errorFor!;
      const input = form.querySelector<HTMLElement>(`[name="${field}"]`);
      const message = all || attempted || touched.has(field) ? found[field] : undefined;
      slot.textContent = message ?? '';
      if (!input) continue;
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      const ids = new Set((input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
      if (message) ids.add(slot.id);
      else ids.delete(slot.id);
      if (ids.size > 0) input.setAttribute('aria-describedby', [...ids].join(' '));
      else input.removeAttribute('aria-describedby');
    }
    return found;
  }

  function updateCount() {
    if (!story || !count) return;
    const length = story.value.trim().length;
    count.textContent = `${length.toLocaleString('en')} / ${Number(story.maxLength).toLocaleString('en')} characters`;
  }

  form.addEventListener('focusout', (event) => {
    const name = (event.target as HTMLInputElement).name;
    if (name && (event.target as HTMLInputElement).value !== '') touched.add(name);
    show(false);
  });
  form.addEventListener('input', (event) => {
    const name = (event.target as HTMLInputElement).name;
    if (name === 'photo' || name === 'consent' || name === 'cause') touched.add(name);
    updateCount();
    show(false);
  });
  form.addEventListener('submit', (event) => {
    attempted = true;
    const found = show(true);
    const first = Object.keys(found)[0];
    if (!first) return;
    event.preventDefault();
    form.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  });
  // Fields the server already flagged count as visited.
  for (const slot of form.querySelectorAll<HTMLElement>('[data-error-for]')) if (slot.textContent) touched.add(slot.dataset.errorFor!);
  form.querySelector<HTMLElement>('[data-form-alert]')?.focus();
  updateCount();
}
