// Threadline's own behaviour: the GOV.UK timeout warning and autosaving long answers.
import { initAll } from '/static/govuk/govuk-frontend.min.js'

initAll()

const body = document.body

function csrfToken (form) {
  const input = (form || document).querySelector('input[name=csrfmiddlewaretoken]')
  return input ? input.value : ''
}

// --- Session timeout warning (GOV.UK pattern): warn before, sign out at the end.
const idle = parseInt(body.dataset.sessionIdleSeconds || '0', 10)
const warnBefore = parseInt(body.dataset.sessionWarningSeconds || '120', 10)
const dialog = document.getElementById('timeout-warning')
let warnTimer = null
let endTimer = null
let countdownTimer = null
let deadline = 0

function describe (seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60)
    return minutes + (minutes === 1 ? ' minute' : ' minutes')
  }
  return seconds + (seconds === 1 ? ' second' : ' seconds')
}

function resetTimers () {
  if (!idle || !dialog) return
  clearTimeout(warnTimer)
  clearTimeout(endTimer)
  deadline = Date.now() + idle * 1000
  warnTimer = setTimeout(showWarning, Math.max(0, (idle - warnBefore) * 1000))
  endTimer = setTimeout(timedOut, idle * 1000)
}

function showWarning () {
  if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal()
  const countdown = dialog.querySelector('.threadline-timeout-countdown')
  const live = document.querySelector('[data-timeout-live]')
  clearInterval(countdownTimer)
  countdownTimer = setInterval(function () {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000))
    countdown.textContent = describe(left)
    if (live && (left % 30 === 0 || left <= 10)) {
      live.textContent = 'You will be signed out in ' + describe(left)
    }
  }, 1000)
}

async function timedOut () {
  clearInterval(countdownTimer)
  await saveAllDrafts()
  const url = body.dataset.timeoutUrl + '&next=' + encodeURIComponent(window.location.pathname)
  try {
    await fetch(url, {
      method: 'POST',
      headers: { 'X-CSRFToken': csrfToken(document) },
      credentials: 'same-origin'
    })
  } catch (error) {
    // Offline: the server ends the idle session on its own; the page still says so.
  }
  window.location.href = url
}

async function staySignedIn () {
  clearInterval(countdownTimer)
  if (dialog.open) dialog.close()
  const response = await fetch(body.dataset.keepaliveUrl, {
    method: 'POST',
    headers: { 'X-CSRFToken': csrfToken(document) },
    credentials: 'same-origin'
  })
  if (response.ok) resetTimers()
}

if (dialog) {
  dialog.querySelector('[data-timeout-stay]').addEventListener('click', staySignedIn)
  dialog.addEventListener('cancel', function (event) {
    event.preventDefault()
    staySignedIn()
  })
  resetTimers()
}

// --- Autosave: forms marked data-autosave-url keep a server-side draft while typing.
const autosaveForms = document.querySelectorAll('form[data-autosave-url]')
const pending = new Map()

async function saveDraft (form) {
  const data = new FormData(form)
  data.set('draft_key', form.dataset.draftKey)
  const status = form.querySelector('.threadline-autosave-status')
  try {
    const response = await fetch(form.dataset.autosaveUrl, {
      method: 'POST',
      body: data,
      headers: { 'X-CSRFToken': csrfToken(form), Accept: 'application/json' },
      credentials: 'same-origin'
    })
    if (response.ok) {
      const result = await response.json()
      if (status) status.textContent = 'Draft saved at ' + result.saved_at
      resetTimers()
    } else if (status) {
      status.textContent = 'Your session has ended. Your text is still here: continue, and sign in again when asked.'
    }
  } catch (error) {
    if (status) status.textContent = 'Could not save a draft just now. Your text is still here.'
  }
}

function saveAllDrafts () {
  return Promise.all(Array.from(autosaveForms).map(saveDraft))
}

autosaveForms.forEach(function (form) {
  form.addEventListener('input', function () {
    clearTimeout(pending.get(form))
    pending.set(form, setTimeout(function () { saveDraft(form) }, 1500))
  })
})
