"""A monitoring chart reads the same whatever the viewer's computer is set to: Beijing time on
the time axis (as in the page's tables), and no negative axis for a quantity that cannot be."""

from zoneinfo import ZoneInfo

import pytest

from anjian.monitoring.models import Alarm

from .conftest import DESKTOP, login, screenshot

CHART = "[data-testid=reading-chart][data-ready=true] canvas"


def chart_option(page) -> dict:
    return page.evaluate(
        """() => {
          const chart = echarts.getInstanceByDom(document.querySelector('[data-reading-chart]'));
          const option = chart.getOption();
          return {useUTC: option.useUTC, yMin: option.yAxis[0].min,
                  first: option.series[0].data[0][0]};
        }"""
    )


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Shanghai"])
def test_the_chart_is_in_beijing_time_wherever_it_is_viewed(browser, live_server, demo, zone):
    context = browser.new_context(
        viewport=DESKTOP, locale="zh-CN", base_url=live_server.url, timezone_id=zone
    )
    try:
        page = context.new_page()
        login(page, "township")
        page.goto("/monitoring/points/DEMO-LT-01/")
        page.wait_for_selector(CHART)
        option = chart_option(page)
        first = page.evaluate(
            "() => new Date(JSON.parse(document.getElementById('chart-data').textContent)"
            ".data[0][0]).getTime()"
        )
        assert option["useUTC"] is True
        assert option["first"] - first == 8 * 3600 * 1000
        # the table below the chart lists the handled alarm in Beijing time too
        alarm = Alarm.objects.get(point__code="DEMO-LT-01")
        beijing = alarm.opened_at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%m-%d %H:%M")
        assert beijing in page.inner_text("body")
        assert "时间为北京时间" in page.inner_text("body")
    finally:
        context.close()


def test_a_gas_concentration_axis_does_not_go_below_zero(page_factory, demo):
    page = page_factory(DESKTOP)
    login(page, "township")
    page.goto("/monitoring/points/DEMO-GAS-01/")
    page.wait_for_selector(CHART)
    assert chart_option(page)["yMin"] >= 0
    screenshot(page, "monitoring-gas-chart-desktop")
