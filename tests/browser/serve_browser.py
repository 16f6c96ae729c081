"""A real browser on `abp serve` (issue 15.5): headless Chromium driven by Selenium and
chromium-driver opens the front page, searches, opens an author, submits the add form with a
value that must be refused and then a good one, and finds the new book in the tree, on a wide
screen and on a phone's. Each page is saved as a screenshot in SHOTS.

usage: serve_browser.py ABP WORKDIR SHOTS   (run by tests/scripts/serve_browser.sh)
"""
import os
import shutil
import subprocess
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

abp, work, shots = sys.argv[1], sys.argv[2], sys.argv[3]
source_dir = os.environ.get("ABP_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../.."))
os.makedirs(shots, exist_ok=True)
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print(f"FAIL: {what}")


books = os.path.join(work, "books.csv")
shutil.copyfile(os.path.join(source_dir, "data", "author_book_publisher.csv"), books)
env = {k: v for k, v in os.environ.items() if k not in ("ABP_FILE", "ABP_TOKEN")}
server = subprocess.Popen([abp, "serve", "--write", "--port", "0", "--quiet", books],
                          stdout=subprocess.PIPE, env=env)
ready = server.stdout.readline().decode()
base = ready.rsplit(" at ", 1)[1].strip().rstrip("/")

options = webdriver.ChromeOptions()
options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--window-size=1280,900", f"--user-data-dir={work}/chromium-profile"):
    options.add_argument(flag)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                          options=options)
driver.set_page_load_timeout(30)


def loading(action):
    """Runs `action`, a click or submit that loads a page, and returns once the new page is
    there: WebDriver's click does not wait for the navigation it starts, so on a busy machine
    the next read could still see the old page."""
    old = driver.find_element(By.TAG_NAME, "html")
    action()
    WebDriverWait(driver, 30).until(lambda _: gone(old))


def gone(element):
    """True once `element` has left the document. Mid-navigation chromedriver may say so with
    a plain WebDriverException ("Node with given id does not belong to the document") rather
    than the StaleElementReferenceException that staleness_of() expects."""
    try:
        element.is_enabled()
        return False
    except WebDriverException:  # StaleElementReferenceException is one too
        return True


def shot(name):
    # The whole page, not only the window: tall pages are what a phone scrolls through.
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, min(max(height + 100, 600), 4000))
    driver.save_screenshot(os.path.join(shots, f"{name}.png"))


def fits_the_window(what):
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    check(overflow <= 1, f"{what}: no sideways scrolling (overflow {overflow}px)")


try:
    driver.get(base + "/")
    check(driver.title == "abp: the catalogue", f"front page title: {driver.title!r}")
    body = driver.find_element(By.TAG_NAME, "main").text
    check("Books by publisher" in body and "Simon & Schuster" in body, "front page counts")
    check(len(driver.find_elements(By.CSS_SELECTOR, "td.bar span")) >= 8, "count tables with bars")
    fits_the_window("front page")
    shot("01-home")

    box = driver.find_element(By.NAME, "q")
    box.send_keys("king")
    loading(box.submit)
    check("/search?q=king" in driver.current_url, f"search goes to {driver.current_url}")
    rows = driver.find_elements(By.CSS_SELECTOR, "main tbody tr")
    check(len(rows) >= 3 and all("Stephen King" in r.text for r in rows),
          f"search finds Stephen King's books ({len(rows)} rows)")
    check(driver.find_element(By.NAME, "q").get_attribute("value") == "king",
          "the search box keeps the text")
    shot("02-search")

    loading(driver.find_element(By.LINK_TEXT, "Stephen King").click)
    check("/author?name=Stephen%20King" in driver.current_url, f"author page {driver.current_url}")
    check(driver.find_element(By.TAG_NAME, "h1").text == "Stephen King", "the author's name")
    check("Dead Zone" in driver.find_element(By.TAG_NAME, "main").text, "the author's books")
    shot("03-author")

    loading(driver.find_element(By.LINK_TEXT, "Add").click)
    driver.find_element(By.NAME, "author").send_keys("   ")  # spaces: empty once normalised
    driver.find_element(By.NAME, "title").send_keys("The Stand")
    driver.find_element(By.NAME, "publisher").send_keys("Doubleday")
    loading(driver.find_element(By.CSS_SELECTOR, "form.add button").click)
    alert = driver.find_elements(By.CSS_SELECTOR, "p.note.bad")
    check(alert and "the author is empty" in alert[0].text, "the refusal is shown")
    check(driver.find_element(By.NAME, "title").get_attribute("value") == "The Stand",
          "the form keeps the title typed")
    check(driver.find_element(By.NAME, "publisher").get_attribute("value") == "Doubleday",
          "the form keeps the publisher typed")
    shot("04-refused")
    with open(books) as f:
        check("The Stand" not in f.read(), "nothing was written for the refused form")

    author = driver.find_element(By.NAME, "author")
    author.clear()
    author.send_keys("Stephen King")
    loading(driver.find_element(By.CSS_SELECTOR, "form.add button").click)
    check("/author?name=Stephen%20King" in driver.current_url, "the add lands on the author")
    main = driver.find_element(By.TAG_NAME, "main").text
    check("Added" in main and "The Stand" in main, "the author page says added, shows the book")
    shot("05-added")

    driver.get(base + "/tree")
    authors = driver.find_elements(By.CSS_SELECTOR, "details.author")
    king = [d for d in authors if d.find_element(By.TAG_NAME, "summary").text == "Stephen King"]
    check(king and "The Stand" in king[0].text and "Doubleday" in king[0].text,
          "the new book is in the tree")
    if king:
        king[0].find_element(By.TAG_NAME, "summary").click()  # folds without a script
        check(king[0].get_attribute("open") is None, "a tree branch folds with one click")
    shot("06-tree")

    driver.set_window_size(390, 844)
    for path, name in (("/", "07-phone-home"), ("/tree", "08-phone-tree"),
                       ("/author?name=Stephen%20King", "09-phone-author")):
        driver.get(base + path)
        fits_the_window(f"{path} on a phone")
        shot(name)

    # The refused form's 400 is meant; anything else (a blocked style, a missing icon) is not.
    problems = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and
                not ("/add - " in e["message"] and "status of 400" in e["message"])]
    check(not problems, f"no errors or blocked requests in the browser: {problems[:3]}")
finally:
    driver.quit()
    server.terminate()
    status = server.wait(15)
    check(status == 0, f"abp serve exited {status}")

print(f"screenshots in {shots}")
if failures:
    print(f"serve_browser: {len(failures)} checks failed")
    sys.exit(1)
print("serve_browser: all checks passed")
