// Fetches the large file, which the canister streams in chunks and the
// edge verifies as a whole, and reports its size on the page.
async function checkLargeFile() {
  const status = document.getElementById("status");
  try {
    const response = await fetch("/media/noise.bin");
    if (!response.ok) {
      throw new Error("status " + response.status);
    }
    const body = await response.arrayBuffer();
    status.textContent = "The large file arrived whole: " + body.byteLength.toLocaleString("en") + " bytes.";
    status.dataset.state = "ok";
  } catch (err) {
    status.textContent = "The large file did not arrive: " + err.message;
    status.dataset.state = "failed";
  }
}

checkLargeFile();
